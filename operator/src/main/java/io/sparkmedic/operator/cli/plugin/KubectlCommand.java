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

  /** Clients from the kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}) or the pod's. */
  public KubectlCommand() {
    this(
        context -> new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build());
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
      String namespace = cluster.namespace != null ? cluster.namespace : namespaceOf(client);
      out.print(read.read(client, namespace));
      out.flush();
      return 0;
    } catch (Failure e) {
      err.println("sparkmedic: " + e.getMessage());
      return 1;
    } catch (KubernetesClientException e) {
      err.println("sparkmedic: " + apiError(e));
      return 1;
    }
  }

  /** The kubeconfig context's namespace (or the pod's), as kubectl picks it. */
  private static String namespaceOf(KubernetesClient client) {
    String namespace = client.getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  private static String apiError(KubernetesClientException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.toString() : root.getMessage();
    int nl = message.indexOf('\n');
    message = nl < 0 ? message : message.substring(0, nl);
    if (e.getCode() == 403) {
      return "forbidden: " + message;
    }
    return "the Kubernetes API answered " + (e.getCode() > 0 ? e.getCode() + ": " : "") + message;
  }
}
