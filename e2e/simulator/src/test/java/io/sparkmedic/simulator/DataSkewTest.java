package io.sparkmedic.simulator;

import static io.sparkmedic.simulator.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.Severity;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data skew as a hidden truth and the Spark event logs runs leave in a mounted directory, against
 * the fabric8 mock API server in CRUD mode, read back with Sparkmedic's event-log analyzer. One
 * server for the class; one namespace, simulator and log directory per test.
 */
@EnableKubernetesMockClient(crud = true)
class DataSkewTest {

  private static final double TIME_SCALE = 600;
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final double SKEW = 80;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;

  @TempDir Path logs;

  private String ns;
  private SparkOperatorSimulator simulator;
  private SharedIndexInformer<Pod> podWatch;
  private final List<Pod> podVersions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    ns = "skew-" + NAMESPACES.incrementAndGet();
    simulator =
        new SparkOperatorSimulator(
            client, new SimulatorOptions(ns, Duration.ofMillis(20), TIME_SCALE));
    simulator.start();
    podWatch =
        client
            .pods()
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    podVersions.add(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {
                    podVersions.add(newPod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean finalStateUnknown) {}
                });
  }

  @AfterEach
  void tearDown() {
    simulator.close();
    podWatch.close();
  }

  @Test
  void aSkewedJoinWithoutSkewJoinKillsTheStragglersExecutorAndLeavesALogShowingTheSkew()
      throws Exception {
    simulator.expect(ns, "join", JobTruth.healthy(FIVE_MINUTES).withSkew(SKEW));
    create(app("join", loggingConf("file://" + logs)));

    SparkApplication failed = awaitState("join", ApplicationStates.FAILED);
    String appId = failed.getStatus().getSparkApplicationId();

    // Kubernetes: one executor ran out of heap (52), the driver gave up (1).
    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    awaitUntil(() -> latestExecutorsTerminatedWith(52).size() == 1, () -> describe("join"));
    List<Pod> oomed = latestExecutorsTerminatedWith(52);
    assertThat(terminated(oomed.get(0)).getReason()).isEqualTo("Error");
    String executorId =
        oomed.get(0).getMetadata().getLabels().get(SparkApplication.SPARK_EXEC_ID_LABEL);
    String driverLog =
        terminated(client.pods().inNamespace(ns).withName("join-driver").get()).getMessage();
    assertThat(driverLog)
        .contains("java.lang.OutOfMemoryError: Java heap space")
        .contains("ERROR TaskSchedulerImpl: Lost executor " + executorId + " on ")
        .contains("The executor with id " + executorId + " exited with exit code 52(JVM OOM).")
        .contains("Lost task 29.0 in stage 2.0");
    assertThat(simulator.history(ns, "join"))
        .anyMatch(l -> l.contains("skewed partition 29") && l.contains("heap needs 4096m"));

    // Spark's event log: complete, named after the application id.
    assertThat(logs.resolve(appId)).exists();
    assertThat(logs.resolve(appId + ".inprogress")).doesNotExist();
    assertThat(Files.size(logs.resolve(appId))).isLessThan(200_000);
    EventLogAnalysis analysis = new EventLogAnalyzer().analyze(logs.resolve(appId));
    assertThat(analysis.application().id()).isEqualTo(appId);
    assertThat(analysis.application().ended()).isTrue();
    assertThat(analysis.application().jobsFailed()).isEqualTo(1);
    Finding finding = analysis.findings(FindingType.DATA_SKEW).get(0);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    StageSkew skew = finding.skew();
    assertThat(skew.stageId()).as("the join stage").isEqualTo(2);
    assertThat(skew.stragglerFailed()).isTrue();
    assertThat(skew.stragglerPartition()).isEqualTo(29);
    assertThat(skew.stragglerExecutorId()).isEqualTo(executorId);
    assertThat(skew.stragglerFailure()).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
    assertThat(skew.bytesRatio()).isGreaterThanOrEqualTo(SKEW / 2);
    assertThat(skew.joinKeys()).containsExactly("key = key");
  }

  @Test
  void withAqeSkewJoinTheRunCompletesAndItsLogShowsNoSkew() throws Exception {
    simulator.expect(ns, "aqe", JobTruth.healthy(FIVE_MINUTES).withSkew(SKEW));
    Map<String, String> conf = loggingConf(logs.toString());
    conf.put("spark.sql.adaptive.skewJoin.enabled", "true");
    create(app("aqe", conf));

    SparkApplication done = awaitState("aqe", ApplicationStates.COMPLETED);

    assertThat(latestExecutorsTerminatedWith(52)).isEmpty();
    Path log = logs.resolve(done.getStatus().getSparkApplicationId());
    EventLogAnalysis analysis = new EventLogAnalyzer().analyze(log);
    assertThat(analysis.findings(FindingType.DATA_SKEW)).isEmpty();
    assertThat(analysis.application().jobsFailed()).isZero();
    assertThat(Files.readString(log)).contains("SortMergeJoin(skew=true)");
  }

  @Test
  void enoughHeapForTheHotPartitionGetsTheSkewedJoinThroughSlowly() throws Exception {
    simulator.expect(ns, "big", JobTruth.healthy(FIVE_MINUTES).withSkew(SKEW));
    SparkApplication app = app("big", loggingConf("file:" + logs));
    app.getSpec().getExecutor().setMemory("4g");
    create(app);

    SparkApplication done = awaitState("big", ApplicationStates.COMPLETED);

    StageSkew skew =
        new EventLogAnalyzer()
            .analyze(logs.resolve(done.getStatus().getSparkApplicationId()))
            .skews()
            .get(0);
    assertThat(skew.stragglerFailed()).isFalse();
    assertThat(skew.bytesRatio()).isGreaterThanOrEqualTo(SKEW / 2);
  }

  @Test
  void noEventLogUnlessEventLoggingIsEnabled() {
    simulator.expect(ns, "quiet", JobTruth.healthy(FIVE_MINUTES).withSkew(SKEW));
    Map<String, String> conf = loggingConf(logs.toString());
    conf.put("spark.eventLog.enabled", "false");
    create(app("quiet", conf));

    awaitState("quiet", ApplicationStates.FAILED);

    assertThat(files(logs)).isEmpty();
    assertThat(simulator.history(ns, "quiet")).noneMatch(l -> l.startsWith("event log"));
  }

  @Test
  void everyRunOfAResubmittedApplicationGetsItsOwnLog() {
    simulator.expect(ns, "again", JobTruth.healthy(FIVE_MINUTES).withSkew(SKEW));
    SparkApplication app = app("again", loggingConf(logs.toString()));
    RestartPolicy policy = new RestartPolicy();
    policy.setType(RestartPolicy.ON_FAILURE);
    policy.setOnFailureRetries(1);
    policy.setOnFailureRetryInterval(5L);
    app.getSpec().setRestartPolicy(policy);
    create(app);

    SparkApplication failed = awaitState("again", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getExecutionAttempts()).isEqualTo(2);
    List<String> names = files(logs);
    assertThat(names)
        .hasSize(2)
        .allMatch(n -> n.matches("spark-[0-9a-f]{32}"))
        .contains(failed.getStatus().getSparkApplicationId());
    assertThat(
            simulator.history(ns, "again").stream()
                .filter(l -> l.startsWith("event log: writing ")))
        .hasSize(2);
  }

  // ---- helpers ----

  private static Map<String, String> loggingConf(String dir) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.eventLog.enabled", "true");
    conf.put("spark.eventLog.dir", dir);
    conf.put("spark.sql.shuffle.partitions", "32");
    return conf;
  }

  private SparkApplication app(String name, Map<String, String> conf) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.1");
    spec.setImage("spark:3.5.1");
    spec.setMainClass("org.example.SalesJob");
    spec.setMainApplicationFile("local:///opt/spark/jobs/job.jar");
    spec.setSparkConf(conf);
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("1g");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setInstances(2);
    executor.setCores(1);
    executor.setMemory("2g");
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }

  private void create(SparkApplication app) {
    client.resources(SparkApplication.class).inNamespace(ns).resource(app).create();
  }

  private SparkApplication get(String name) {
    return client.resources(SparkApplication.class).inNamespace(ns).withName(name).get();
  }

  private SparkApplication awaitState(String name, String state) {
    awaitUntil(
        () -> {
          SparkApplication app = get(name);
          return app != null && app.getStatus() != null && state.equals(app.getStatus().state());
        },
        () -> describe(name));
    return get(name);
  }

  /** The last version the watch saw of each executor pod, for those that exited this way. */
  private List<Pod> latestExecutorsTerminatedWith(int exitCode) {
    Map<String, Pod> latest = new LinkedHashMap<>();
    for (Pod pod : podVersions) {
      if ("executor".equals(pod.getMetadata().getLabels().get(SparkApplication.SPARK_ROLE_LABEL))) {
        latest.put(pod.getMetadata().getName(), pod);
      }
    }
    return latest.values().stream()
        .filter(p -> terminated(p) != null && terminated(p).getExitCode() == exitCode)
        .toList();
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod == null
        || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }

  private static List<String> files(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String describe(String name) {
    SparkApplication app = get(name);
    return "state: "
        + (app == null || app.getStatus() == null ? null : app.getStatus().state())
        + "\nhistory:\n  "
        + String.join("\n  ", simulator.history(ns, name))
        + "\nlogs: "
        + String.join(", ", files(logs));
  }
}
