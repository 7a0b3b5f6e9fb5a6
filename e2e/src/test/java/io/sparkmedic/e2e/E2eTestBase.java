package io.sparkmedic.e2e;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.simulator.SimulatorOptions;
import io.sparkmedic.simulator.SparkOperatorSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every e2e test has: a fresh API server (or namespace on a real cluster), the simulated Spark
 * operator, Sparkmedic replicas, and builders for real-shaped policies and applications.
 */
abstract class E2eTestBase {

  static final String APP = "nightly-etl";

  E2eCluster cluster;
  KubernetesClient client;
  String ns;
  SparkOperatorSimulator simulator;
  final List<SparkmedicOperator> replicas = new ArrayList<>();

  @BeforeEach
  void startCluster() throws Exception {
    cluster = new E2eCluster();
    client = cluster.client();
    ns = cluster.namespace();
    simulator =
        new SparkOperatorSimulator(client, new SimulatorOptions(ns, Duration.ofMillis(50), 20.0));
    simulator.start();
  }

  @AfterEach
  void stopCluster() {
    List<AutoCloseable> all = new ArrayList<>(replicas);
    all.add(simulator);
    all.add(cluster);
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort: the next test uses a fresh server and namespace
      }
    }
  }

  SparkmedicOperator startOperator(String instance) throws Exception {
    SparkmedicOperator operator =
        new SparkmedicOperator(
            client, new SparkmedicOperator.Options(Set.of(ns), -1, instance), Clock.systemUTC());
    operator.start();
    replicas.add(operator);
    return operator;
  }

  void stop(SparkmedicOperator operator) {
    operator.close();
    replicas.remove(operator);
  }

  /** A policy for apps labelled team=data: no backoff, overhead at most 4g, then the tweaks. */
  TuningPolicy policy(String name, Consumer<TuningPolicySpec> tweak) {
    TuningPolicy policy = new TuningPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "data")).build());
    TuningPolicySpec.Backoff backoff = new TuningPolicySpec.Backoff();
    backoff.setInitialSeconds(0);
    spec.setBackoff(backoff);
    TuningPolicySpec.Ceilings ceilings = new TuningPolicySpec.Ceilings();
    ceilings.setExecutorMemoryOverhead("4g");
    spec.setCeilings(ceilings);
    tweak.accept(spec);
    policy.setSpec(spec);
    return policy;
  }

  TuningPolicy policy() {
    return policy("team-data", s -> {});
  }

  /** 2 executors × 2g heap, overhead unset (Spark's default 384m), labelled team=data. */
  SparkApplication application(String name) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .withLabels(Map.of("team", "data"))
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.5");
    spec.setImage("apache/spark:3.5.5");
    spec.setMainClass("com.example.etl.DailyRollup");
    spec.setMainApplicationFile("local:///opt/spark/jars/etl-assembly.jar");
    spec.setUnknownField("mode", "cluster");
    RestartPolicy restart = new RestartPolicy();
    restart.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(restart);
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("1g");
    driver.setUnknownField("serviceAccount", "spark");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setCores(2);
    executor.setInstances(2);
    executor.setMemory("2g");
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }

  SparkApplication application() {
    return application(APP);
  }

  SparkApplication awaitApplication(String name, Predicate<SparkApplication> condition) {
    return client
        .resources(SparkApplication.class)
        .inNamespace(ns)
        .withName(name)
        .waitUntilCondition(a -> a != null && condition.test(a), 90, TimeUnit.SECONDS);
  }

  SparkApplication awaitApplication(Predicate<SparkApplication> condition) {
    return awaitApplication(APP, condition);
  }

  /** The first record to reach the outcome, waiting for it. */
  SparkRemediation awaitRecord(Predicate<SparkRemediation> which, Outcome outcome) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      for (SparkRemediation r : records()) {
        if (which.test(r) && r.getStatus() != null && r.getStatus().getOutcome() == outcome) {
          return r;
        }
      }
      // Polls a local in-memory API server for a condition, bounded by the deadline.
      waitBriefly();
    }
    throw new AssertionError("no record reached " + outcome + "; records: " + describe(records()));
  }

  SparkRemediation awaitRecord(Outcome outcome) {
    return awaitRecord(r -> true, outcome);
  }

  /** The first Event in the namespace that matches, waiting for it (bounded). */
  io.fabric8.kubernetes.api.model.Event awaitEvent(
      Predicate<io.fabric8.kubernetes.api.model.Event> which) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (io.fabric8.kubernetes.api.model.Event e :
          client.v1().events().inNamespace(ns).list().getItems()) {
        if (which.test(e)) {
          return e;
        }
      }
      waitBriefly();
    }
    throw new AssertionError(
        "no such Event; events: "
            + client.v1().events().inNamespace(ns).list().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage())
                .toList());
  }

  private static void waitBriefly() {
    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
  }

  List<SparkRemediation> records() {
    return client.resources(SparkRemediation.class).inNamespace(ns).list().getItems().stream()
        .sorted(Comparator.comparing((SparkRemediation r) -> r.getSpec().getAttempt()))
        .toList();
  }

  static String describe(List<SparkRemediation> records) {
    return records.stream()
        .map(
            r ->
                r.getMetadata().getName()
                    + "("
                    + r.getSpec().getDiagnosis().getCategory()
                    + ", "
                    + r.getSpec().getDecision()
                    + ", "
                    + (r.getStatus() == null
                        ? "-"
                        : r.getStatus().getOutcome() + ": " + r.getStatus().getMessage())
                    + ")")
        .toList()
        .toString();
  }

  static String state(SparkApplication app) {
    return app.getStatus() == null ? "" : app.getStatus().state();
  }

  static String applied(SparkApplication app) {
    return app.getMetadata().getAnnotations() == null
        ? null
        : app.getMetadata().getAnnotations().get(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION);
  }
}
