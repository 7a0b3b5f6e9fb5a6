package io.sparkmedic.operator.cli.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sparkmedic kubectl}: what {@code kubectl sparkmedic} runs (see {@link
 * InstallKubectlPluginCommand}). Reads the cluster of the current kubeconfig context, or of the pod
 * it runs in, and prints an application's remediation history, the explanation of its last failure,
 * and which policy governs what.
 */
@Command(
    name = "kubectl",
    description =
        "The kubectl plugin: `kubectl sparkmedic history|explain|policies` (install it with"
            + " `sparkmedic install-kubectl-plugin`).",
    mixinStandardHelpOptions = true,
    subcommands = {HistoryCommand.class, ExplainCommand.class, PoliciesCommand.class})
public final class KubectlCommand implements Runnable {

  /** A failure to report in one line, with exit code 1: bad input, or nothing to show. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  /** What a subcommand does with the cluster: reads it and returns the text to print. */
  @FunctionalInterface
  interface ClusterRead {
    String read(KubernetesClient client, String namespace);
  }

  @Spec CommandSpec spec;

  private final Function<String, KubernetesClient> clients;

  /**
   * Clients from the kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}) or the pod's. A
   * command line answers at once: no retries with backoff when the API server cannot be reached.
   */
  public KubectlCommand() {
    this(
        context -> {
          Config config = Config.autoConfigure(context);
          config.setRequestRetryBackoffLimit(0);
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  /**
   * @param clients makes a client for a kubeconfig context ({@code null}: the current one); the
   *     command closes it when done
   */
  KubectlCommand(Function<String, KubernetesClient> clients) {
    this.clients = clients;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Connects as {@code cluster} says, runs {@code read} in the chosen namespace and prints its
   * text; a {@link Failure} or an API error is one line on stderr and exit code 1.
   */
  int print(ClusterOptions cluster, CommandSpec command, ClusterRead read) {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    try (KubernetesClient client = clients.apply(cluster.context)) {
      try {
        String namespace = cluster.namespace != null ? cluster.namespace : namespaceOf(client);
        out.print(read.read(client, namespace));
        out.flush();
        return 0;
      } catch (Failure e) {
        err.println("sparkmedic: " + e.getMessage());
        return 1;
      } catch (KubernetesClientException e) {
        err.println("sparkmedic: " + apiError(e, String.valueOf(client.getMasterUrl())));
        return 1;
      }
    }
  }

  /** The kubeconfig context's namespace (or the pod's), as kubectl picks it. */
  private static String namespaceOf(KubernetesClient client) {
    String namespace = client.getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /** An API error in one line: where, and what went wrong. */
  static String apiError(KubernetesClientException e, String server) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String cause =
        root.getMessage() == null || root.getMessage().isBlank()
            ? root.getClass().getSimpleName()
            : firstLine(root.getMessage());
    if (e.getCode() <= 0) {
      return "cannot reach the Kubernetes API at " + server + " (" + cause + ")";
    }
    return switch (e.getCode()) {
      case 401 ->
          "the Kubernetes API at " + server + " did not accept the kubeconfig's credentials";
      case 403 -> "forbidden: " + firstLine(e.getMessage());
      default -> "the Kubernetes API at " + server + " answered " + e.getCode() + ": " + cause;
    };
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
