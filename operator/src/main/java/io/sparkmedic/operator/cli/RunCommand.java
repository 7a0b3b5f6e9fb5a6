package io.sparkmedic.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkmedic.operator.SparkmedicOperator;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkmedic run}: the operator, in-cluster or against the cluster of {@code KUBECONFIG}.
 */
@Command(
    name = "run",
    description = "Run the operator (in a cluster, or against the cluster KUBECONFIG points at).",
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      defaultValue = "${env:SPARKMEDIC_NAMESPACES}",
      description =
          "Namespaces to watch, comma-separated; all when empty (env SPARKMEDIC_NAMESPACES).")
  String namespaces;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      defaultValue = "${env:SPARKMEDIC_HEALTH_PORT:-8080}",
      description =
          "Port of /healthz and /readyz (default ${DEFAULT-VALUE}; env SPARKMEDIC_HEALTH_PORT).")
  int healthPort;

  @Option(
      names = "--capacity-type-labels",
      paramLabel = "KEY[,KEY...]",
      defaultValue = "${env:SPARKMEDIC_CAPACITY_TYPE_LABELS}",
      description =
          "Extra node label keys that tell spot from on-demand (values spot/on-demand, SPOT/ON_DEMAND,"
              + " true/false...), after karpenter.sh/capacity-type and eks.amazonaws.com/capacityType"
              + " (env SPARKMEDIC_CAPACITY_TYPE_LABELS).")
  String capacityTypeLabels;

  @Override
  public Integer call() throws Exception {
    Set<String> watched = parseNamespaces(namespaces);
    KubernetesClient client = new KubernetesClientBuilder().build();
    SparkmedicOperator operator =
        new SparkmedicOperator(
            client,
            new SparkmedicOperator.Options(
                watched,
                healthPort,
                System.getenv("POD_NAME"),
                List.copyOf(parseNamespaces(capacityTypeLabels))),
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "sparkmedic-shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }

  static Set<String> parseNamespaces(String value) {
    Set<String> out = new LinkedHashSet<>();
    if (value != null) {
      Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }
}
