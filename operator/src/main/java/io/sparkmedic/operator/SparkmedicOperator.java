package io.sparkmedic.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.sparkmedic.operator.eventlog.EventLogSourceSettings;
import io.sparkmedic.operator.eventlog.EventLogSources;
import io.sparkmedic.operator.events.EventRecorder;
import io.sparkmedic.operator.health.HealthServer;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import io.sparkmedic.operator.observe.ApiClusterEvents;
import io.sparkmedic.operator.observe.ApiDriverLogSource;
import io.sparkmedic.operator.observe.EventLogReader;
import io.sparkmedic.operator.observe.NodeCache;
import io.sparkmedic.operator.observe.NodeFactsReader;
import io.sparkmedic.operator.observe.SignalCollector;
import io.sparkmedic.operator.observe.TerminationLedger;
import io.sparkmedic.operator.policy.TuningPolicyReconciler;
import io.sparkmedic.operator.reconcile.PlanApplier;
import io.sparkmedic.operator.reconcile.RemediationRecords;
import io.sparkmedic.operator.reconcile.SparkApplicationReconciler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparkmedic's operator: the JOSDK {@link Operator} with its two controllers, wired by hand in one
 * place, plus the health endpoints.
 */
public final class SparkmedicOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SparkmedicOperator.class);

  /**
   * Every informer lists in pages of this many objects, as client-go's reflector does: a namespace
   * of 4,000 Spark pods is otherwise one 20 MiB response, decoded whole — several hundred MiB of
   * heap at once when the informers of several namespaces start together.
   */
  public static final long LIST_PAGE = 500;

  /**
   * How to run.
   *
   * @param namespaces namespaces to watch; empty watches all
   * @param healthPort port of {@code /healthz} and {@code /readyz}; 0 picks a free one, negative
   *     serves none
   * @param instance this replica's name, for Events ({@code POD_NAME})
   * @param capacityTypeLabels node label keys that tell spot from on-demand, beyond Karpenter's and
   *     EKS managed node groups'
   */
  public record Options(
      Set<String> namespaces,
      int healthPort,
      String instance,
      List<String> capacityTypeLabels,
      LeaderElection leaderElection,
      String eventLogLocation,
      EventLogSourceSettings eventLogSettings) {
    public Options {
      namespaces = Set.copyOf(namespaces);
      capacityTypeLabels = List.copyOf(capacityTypeLabels);
      eventLogSettings =
          eventLogSettings == null ? EventLogSourceSettings.DEFAULTS : eventLogSettings;
    }

    public Options(Set<String> namespaces, int healthPort, String instance) {
      this(namespaces, healthPort, instance, List.of(), null, null, null);
    }

    public Options withLeaderElection(LeaderElection election) {
      return new Options(
          namespaces,
          healthPort,
          instance,
          capacityTypeLabels,
          election,
          eventLogLocation,
          eventLogSettings);
    }

    /** Where event logs are when no policy says (null: each application's spark.eventLog.dir). */
    public Options withEventLogs(String location, EventLogSourceSettings settings) {
      return new Options(
          namespaces, healthPort, instance, capacityTypeLabels, leaderElection, location, settings);
    }
  }

  /**
   * Leader election on a Lease: only the holder reconciles; the others keep warm caches and take
   * over when the lease expires. A holder that loses the lease exits (the default), so two replicas
   * never act at once; tests sharing one JVM turn that off.
   */
  public record LeaderElection(
      String leaseName,
      String leaseNamespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean exitOnStopLeading) {
    public static LeaderElection standard(
        String leaseName, String leaseNamespace, String identity) {
      return new LeaderElection(
          leaseName,
          leaseNamespace,
          identity,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          true);
    }
  }

  private final Operator operator;
  private final TerminationLedger ledger = new TerminationLedger();
  private final SparkmedicMetrics metrics;
  private final NodeCache nodes;
  private HealthServer health;
  private final Options options;

  public SparkmedicOperator(KubernetesClient client, Options options, Clock clock) {
    this(client, options, clock, new SparkmedicMetrics());
  }

  public SparkmedicOperator(
      KubernetesClient client, Options options, Clock clock, SparkmedicMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()))
                  // Missing RBAC or a missing CRD shows in /healthz instead of killing the process.
                  .withStopOnInformerErrorDuringStartup(false);
              LeaderElection e = options.leaderElection();
              if (e != null) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        e.leaseName(),
                        e.leaseNamespace(),
                        e.leaseDuration(),
                        e.renewDeadline(),
                        e.retryPeriod(),
                        e.identity(),
                        null,
                        e.exitOnStopLeading()));
              }
            });
    EventRecorder events = new EventRecorder(client, clock, options.instance());
    this.nodes = new NodeCache(client, new NodeFactsReader(options.capacityTypeLabels()));
    SparkApplicationReconciler applications =
        new SparkApplicationReconciler(
            ledger,
            nodes,
            new SignalCollector(
                ledger,
                new ApiDriverLogSource(client),
                nodes::refresh,
                new ApiClusterEvents(client)),
            new RemediationRecords(client, clock),
            new PlanApplier(client),
            events,
            clock,
            metrics,
            new EventLogReader(
                new EventLogSources(options.eventLogSettings()),
                options.eventLogLocation(),
                metrics));
    operator.register(applications, o -> scoped(o, options));
    operator.register(new TuningPolicyReconciler(client, clock), o -> scoped(o, options));
  }

  /** A controller lists in pages, in the watched namespaces (all of them when none are named). */
  private static <R extends HasMetadata> ControllerConfigurationOverrider<R> scoped(
      ControllerConfigurationOverrider<R> controller, Options options) {
    controller.withInformerListLimit(LIST_PAGE);
    return options.namespaces().isEmpty()
        ? controller
        : controller.settingNamespaces(options.namespaces());
  }

  public void start() throws IOException {
    if (options.healthPort() >= 0) {
      RuntimeInfo info = operator.getRuntimeInfo();
      health =
          new HealthServer(
              options.healthPort(),
              () ->
                  !info.isStarted()
                      ? new HealthServer.Verdict(false, "starting")
                      : info.allEventSourcesAreHealthy()
                          ? new HealthServer.Verdict(true, "all informers healthy")
                          : new HealthServer.Verdict(
                              false,
                              "unhealthy informers: " + info.unhealthyEventSources().keySet()),
              () ->
                  new HealthServer.Verdict(
                      info.isStarted(), info.isStarted() ? "started" : "starting"),
              metrics::scrape);
      health.start();
      LOG.info("health endpoints on port {}", health.port());
    }
    operator.start();
    LOG.info(
        "Sparkmedic started, watching {}",
        options.namespaces().isEmpty() ? "all namespaces" : options.namespaces());
  }

  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  public SparkmedicMetrics metrics() {
    return metrics;
  }

  public TerminationLedger ledger() {
    return ledger;
  }

  @Override
  public void close() {
    operator.stop();
    nodes.close();
    if (health != null) {
      health.close();
    }
  }
}
