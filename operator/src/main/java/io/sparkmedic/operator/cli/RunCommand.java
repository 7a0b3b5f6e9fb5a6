package io.sparkmedic.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.operator.eventlog.EventLogSourceSettings;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
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

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

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

  @Option(
      names = "--leader-election",
      defaultValue = "${env:SPARKMEDIC_LEADER_ELECTION:-false}",
      fallbackValue = "true",
      arity = "0..1",
      description =
          "Elect a leader through a Lease so that only one replica acts (env SPARKMEDIC_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "sparkmedic-leader",
      description = "The Lease used for leader election (default ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the Lease (default: the pod's namespace, env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--log-format",
      defaultValue = "${env:SPARKMEDIC_LOG_FORMAT:-text}",
      description = "text or json: one JSON object per log line (env SPARKMEDIC_LOG_FORMAT).")
  LogFormat logFormat;

  @Option(
      names = "--event-log-location",
      paramLabel = "DIR|URL",
      defaultValue = "${env:SPARKMEDIC_EVENT_LOG_LOCATION}",
      description =
          "Where Spark event logs are when a policy does not say: a mounted directory,"
              + " s3://bucket/prefix, s3a://bucket/prefix, or a History Server URL. Without it,"
              + " each application's own spark.eventLog.dir is read (env"
              + " SPARKMEDIC_EVENT_LOG_LOCATION).")
  String eventLogLocation;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:SPARKMEDIC_S3_ENDPOINT}",
      description = "An S3-compatible endpoint instead of AWS's (env SPARKMEDIC_S3_ENDPOINT).")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      defaultValue = "${env:SPARKMEDIC_S3_REGION}",
      description =
          "The S3 region; default: the AWS SDK's region chain (env SPARKMEDIC_S3_REGION).")
  String s3Region;

  /** Log line formats; the choice is applied before the first logger is made (see Main). */
  public enum LogFormat {
    text,
    json
  }

  @Override
  public Integer call() throws Exception {
    Set<String> watched = parseNamespaces(namespaces);
    SparkmedicMetrics metrics = new SparkmedicMetrics();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("sparkmedic-metrics", metrics.apiInterceptor()))
            .build();
    String identity = System.getenv("POD_NAME");
    SparkmedicOperator.Options options =
        new SparkmedicOperator.Options(
            watched,
            healthPort,
            identity,
            List.copyOf(parseNamespaces(capacityTypeLabels)),
            null,
            null,
            null);
    options =
        options.withEventLogs(
            eventLogLocation,
            new EventLogSourceSettings(
                s3Endpoint == null || s3Endpoint.isBlank() ? null : java.net.URI.create(s3Endpoint),
                s3Region == null || s3Region.isBlank() ? null : s3Region,
                s3Endpoint != null && !s3Endpoint.isBlank(),
                java.time.Duration.ofSeconds(30)));
    if (leaderElection) {
      if (leaseNamespace == null || leaseNamespace.isBlank()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--leader-election needs --lease-namespace (or POD_NAMESPACE)");
      }
      options =
          options.withLeaderElection(
              SparkmedicOperator.LeaderElection.standard(
                  leaseName,
                  leaseNamespace,
                  identity == null ? java.util.UUID.randomUUID().toString() : identity));
    }
    SparkmedicOperator operator =
        new SparkmedicOperator(client, options, Clock.systemUTC(), metrics);
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
