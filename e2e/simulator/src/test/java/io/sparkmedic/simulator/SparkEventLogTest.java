package io.sparkmedic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's job plan and event log, written without a cluster and read back with the shapes of the
 * real Spark 3.5 logs in /work/shared/eventlogs and with Sparkmedic's analyzer.
 */
class SparkEventLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIVE_MINUTES = 300_000;
  private static final long START = 1_795_245_899_566L;
  private static final List<SparkJobPlan.Executor> TWO_EXECUTORS =
      List.of(
          new SparkJobPlan.Executor("1", "10.0.37.51", 1),
          new SparkJobPlan.Executor("2", "10.0.37.52", 1));

  @TempDir Path dir;

  private final List<String> history = new ArrayList<>();

  // ---- the truth ----

  @Test
  void theHotPartitionNeeds512MibOfHeapPerTenfoldSkew() {
    JobTruth truth = JobTruth.healthy(Duration.ofMinutes(5)).withSkew(80);

    assertThat(truth.skewedPartitionHeapNeedMiB()).isEqualTo(4096);
    assertThat(truth.withSkew(15).skewedPartitionHeapNeedMiB()).isEqualTo(768);
    assertThat(truth.withSkew(0).skewedPartitionHeapNeedMiB()).isZero();
    assertThat(truth.withSpotInterruptions(2).withRuntime(Duration.ofMinutes(1)).skew())
        .as("the other copies keep the skew")
        .isEqualTo(80);
    assertThat(new JobTruth(1, 2, 3, 4, Duration.ZERO, 0, 0, null).skew()).isZero();
    assertThatThrownBy(() -> truth.withSkew(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> truth.withSkew(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- the plan ----

  @Test
  void skewJoinAppliesOnlyWhenTheApplicationTurnsItOnAndLeavesAqeOn() {
    assertThat(SparkJobPlan.skewJoinApplies(Map.of())).isFalse();
    assertThat(SparkJobPlan.skewJoinApplies(Map.of("spark.sql.adaptive.skewJoin.enabled", "true")))
        .isTrue();
    assertThat(
            SparkJobPlan.skewJoinApplies(
                Map.of(
                    "spark.sql.adaptive.skewJoin.enabled", " TRUE ",
                    "spark.sql.adaptive.enabled", "true")))
        .isTrue();
    assertThat(
            SparkJobPlan.skewJoinApplies(
                Map.of(
                    "spark.sql.adaptive.skewJoin.enabled", "true",
                    "spark.sql.adaptive.enabled", "false")))
        .isFalse();
    assertThat(SparkJobPlan.shufflePartitions(Map.of())).isEqualTo(200);
    assertThat(SparkJobPlan.shufflePartitions(Map.of("spark.sql.shuffle.partitions", "lots")))
        .isEqualTo(200);
  }

  @Test
  void theHotPartitionRunsLongestAndFailsAtHalfTheRuntime() {
    SparkJobPlan plan = plan(Map.of("spark.sql.shuffle.partitions", "32"), 80);

    assertThat(plan.joinStage.tasks).hasSize(32);
    assertThat(plan.hot.index).isEqualTo(29);
    assertThat(plan.hot.readBytes).isEqualTo(80 * SparkJobPlan.MEDIAN_PARTITION_BYTES);
    assertThat(plan.joinStage.tasks)
        .filteredOn(t -> t != plan.hot)
        .allSatisfy(t -> assertThat(t.duration()).isLessThan(plan.hot.duration() / 20));
    assertThat(plan.hotFailureAt()).isEqualTo(FIVE_MINUTES / 2);
    assertThat(plan.hot.runningAt(plan.hotFailureAt())).isTrue();
    assertThat(plan(Map.of(), 80).joinStage.tasks)
        .as("200 partitions, capped")
        .hasSize(SparkJobPlan.MAX_JOIN_TASKS);
  }

  @Test
  void aqeSplitsTheHotPartitionIntoBalancedTasks() {
    SparkJobPlan plan = plan(Map.of("spark.sql.adaptive.skewJoin.enabled", "true"), 80);

    assertThat(plan.adaptive).isTrue();
    assertThat(plan.hot).isNull();
    assertThat(plan.joinStage.id).isEqualTo(4);
    long max = plan.joinStage.tasks.stream().mapToLong(t -> t.readBytes).max().orElseThrow();
    long min = plan.joinStage.tasks.stream().mapToLong(t -> t.readBytes).min().orElseThrow();
    assertThat((double) max / min).isLessThan(1.01);
  }

  // ---- where logs go ----

  @Test
  void onlyLocalDirectoriesTakeLogs() {
    assertThat(SparkEventLog.localDirectory("file:///mnt/spark-events"))
        .isEqualTo(Path.of("/mnt/spark-events"));
    assertThat(SparkEventLog.localDirectory("file:/mnt/spark-events/"))
        .isEqualTo(Path.of("/mnt/spark-events"));
    assertThat(SparkEventLog.localDirectory("/mnt/spark-events"))
        .isEqualTo(Path.of("/mnt/spark-events"));
    assertThat(SparkEventLog.localDirectory("s3a://bucket/spark-events")).isNull();
    assertThat(SparkEventLog.localDirectory("hdfs:///spark-events")).isNull();
    assertThat(SparkEventLog.localDirectory("file://nfs-server/spark-events")).isNull();
    assertThat(SparkEventLog.localDirectory("spark-events")).isNull();

    assertThat(SparkEventLog.target(Map.of("spark.eventLog.dir", dir.toString()))).isNull();
    assertThat(
            SparkEventLog.target(
                    Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", "file://" + dir))
                .writable())
        .isTrue();
    assertThat(
            SparkEventLog.target(
                    Map.of(
                        "spark.eventLog.enabled",
                        "true",
                        "spark.eventLog.dir",
                        dir.resolve("missing").toString()))
                .problem())
        .endsWith("does not exist: no event log written");
    assertThat(
            SparkEventLog.target(
                    Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", "s3a://b/logs"))
                .problem())
        .isEqualTo("s3a://b/logs is not a local directory: no event log written");
  }

  // ---- the log ----

  @Test
  void aFailedSkewedRunAtTheDefaultPartitionsIsSmallAndReadsAsDataSkew() throws Exception {
    SparkJobPlan plan = plan(Map.of(), 80);
    SparkEventLog log = open(plan, Map.of(), false);

    long at = plan.hotFailureAt();
    log.advanceTo(at - 1);
    assertThat(dir.resolve("spark-abc.inprogress")).exists();
    log.executorOutOfMemory(
        at,
        plan.hot,
        "\nThe executor with id " + plan.hot.executor.id() + " exited with exit code 52(JVM OOM).");
    log.finish(at + 12_000);

    Path file = dir.resolve("spark-abc");
    assertThat(dir.resolve("spark-abc.inprogress")).doesNotExist();
    assertThat(Files.size(file)).isLessThan(200_000);
    List<JsonNode> events = events(file);
    assertThat(events).allSatisfy(e -> assertThat(e.fieldNames().next()).isEqualTo("Event"));
    assertThat(events.get(0).path("Event").asText()).isEqualTo("SparkListenerLogStart");
    assertThat(events.get(events.size() - 1).path("Event").asText())
        .isEqualTo("SparkListenerApplicationEnd");
    JsonNode failed = taskEnds(events, "ExceptionFailure").get(0);
    assertThat(failed.at("/Task End Reason/Class Name").asText())
        .isEqualTo("java.lang.OutOfMemoryError");
    assertThat(failed.at("/Task End Reason/Description").asText()).isEqualTo("Java heap space");
    assertThat(failed.at("/Task Info/Failed").asBoolean()).isTrue();
    assertThat(failed.at("/Task Metrics/Shuffle Read Metrics/Remote Bytes Read").asLong())
        .isPositive();
    assertThat(taskEnds(events, "TaskKilled"))
        .as("the other executor's running task, killed with the stage")
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.at("/Task End Reason/Kill Reason").asText())
                    .startsWith("Stage cancelled: Job aborted due to stage failure: Task 29"));
    assertThat(
            events.stream()
                .filter(e -> "SparkListenerExecutorRemoved".equals(e.path("Event").asText())))
        .singleElement()
        .satisfies(
            e -> assertThat(e.path("Executor ID").asText()).isEqualTo(plan.hot.executor.id()));

    EventLogAnalysis analysis = new EventLogAnalyzer().analyze(file);
    StageSkew skew = analysis.skews().get(0);
    assertThat(skew.stageId()).isEqualTo(2);
    assertThat(skew.taskCount()).as("the tasks that ended before the job aborted").isBetween(3, 62);
    assertThat(skew.stragglerFailed()).isTrue();
    assertThat(skew.bytesRatio()).isGreaterThanOrEqualTo(40);
    assertThat(skew.joinKeys()).containsExactly("key = key");
  }

  @Test
  void aCompletedRunWithSkewJoinReadsAsBalanced() throws Exception {
    Map<String, String> conf = Map.of("spark.sql.adaptive.skewJoin.enabled", "true");
    SparkEventLog log = open(plan(conf, 80), conf, false);
    log.complete(FIVE_MINUTES);

    EventLogAnalysis analysis = new EventLogAnalyzer().analyze(dir.resolve("spark-abc"));
    assertThat(analysis.findings(FindingType.DATA_SKEW)).isEmpty();
    assertThat(analysis.application().ended()).isTrue();
    assertThat(analysis.application().jobsSucceeded()).isEqualTo(3);
    assertThat(analysis.application().stagesSkipped()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("spark-abc"))).contains("SortMergeJoin(skew=true)");
  }

  @Test
  void everyOtherWayARunFailsLeavesACompleteLogOfOneFailedJob() throws Exception {
    long at = FIVE_MINUTES * 3 / 10;
    Map<String, String> bothLost =
        Map.of(
            "1",
                "\nThe executor with id 1 exited with exit code 137(SIGKILL, possible container OOM).",
            "2",
                "\nThe executor with id 2 exited with exit code 137(SIGKILL, possible container OOM).");
    Map<String, Consumer<SparkEventLog>> endings = new LinkedHashMap<>();
    endings.put("oomkilled", log -> log.executorsLost(at, bothLost, false));
    endings.put("heap", log -> log.executorsLost(at, bothLost, true));
    endings.put(
        "spot",
        log ->
            log.executorsReclaimed(
                at, Map.of("1", "The executor with id 1 was deleted by a user or the framework.")));
    endings.put(
        "s3",
        log ->
            log.taskFailed(
                FIVE_MINUTES / 2,
                DriverLogs.throttled("s3a://data-lake/warehouse/etl/part-00012.snappy.parquet")));
    endings.put("driver", log -> log.shutDown(at));
    for (var ending : endings.entrySet()) {
      Path sub = Files.createDirectory(dir.resolve(ending.getKey()));
      SparkEventLog log =
          SparkEventLog.open(
              new SparkEventLog.Target(sub, false, false, null),
              runOf(Map.of()),
              plan(Map.of(), 0),
              history::add);
      ending.getValue().accept(log);
      log.finish(FIVE_MINUTES * 6 / 10);

      EventLogAnalysis analysis = new EventLogAnalyzer().analyze(sub.resolve("spark-abc"));
      assertThat(analysis.application().ended()).as(ending.getKey()).isTrue();
      assertThat(analysis.application().jobsFailed()).as(ending.getKey()).isEqualTo(1);
      assertThat(analysis.application().jobsRunning()).as(ending.getKey()).isZero();
      assertThat(analysis.findings(FindingType.DATA_SKEW)).as(ending.getKey()).isEmpty();
    }
    assertThat(Files.readString(dir.resolve("oomkilled").resolve("spark-abc")))
        .contains(
            "\"Reason\":\"ExecutorLostFailure\",\"Executor ID\":\"1\",\"Exit Caused By App\":true");
    assertThat(Files.readString(dir.resolve("s3").resolve("spark-abc")))
        .contains("org.apache.hadoop.fs.s3a.AWSServiceThrottledException");
    assertThat(Files.readString(dir.resolve("driver").resolve("spark-abc")))
        .contains("Job 0 cancelled because SparkContext was shut down");
  }

  @Test
  void aRollingLogIsADirectoryWithAStatusMarker() throws Exception {
    SparkEventLog log = open(plan(Map.of(), 0), Map.of(), true);
    Path rolling = dir.resolve("eventlog_v2_spark-abc");
    assertThat(rolling.resolve("appstatus_spark-abc.inprogress")).exists();

    log.complete(FIVE_MINUTES);

    assertThat(rolling.resolve("appstatus_spark-abc")).exists();
    assertThat(rolling.resolve("appstatus_spark-abc.inprogress")).doesNotExist();
    EventLogAnalysis analysis = new EventLogAnalyzer().analyze(rolling);
    assertThat(analysis.application().id()).isEqualTo("spark-abc");
    assertThat(analysis.findings(FindingType.DATA_SKEW)).isEmpty();
  }

  @Test
  void aKilledDriverLeavesTheLogInProgress() throws Exception {
    SparkEventLog log = open(plan(Map.of(), 0), Map.of(), false);

    log.abandon(FIVE_MINUTES * 3 / 10);
    log.finish(FIVE_MINUTES);

    assertThat(dir.resolve("spark-abc")).doesNotExist();
    assertThat(Files.readString(dir.resolve("spark-abc.inprogress")))
        .doesNotContain("SparkListenerApplicationEnd")
        .contains("SparkListenerTaskEnd");
  }

  @Test
  void credentialsInTheSparkConfAreRedactedAsSparkDoes() throws Exception {
    Map<String, String> conf =
        Map.of(
            "spark.hadoop.fs.s3a.secret.key", "hunter2",
            "spark.hadoop.fs.s3a.access.key", "AKIA",
            "spark.sql.shuffle.partitions", "32");
    open(plan(conf, 0), conf, false).complete(FIVE_MINUTES);

    JsonNode props =
        events(dir.resolve("spark-abc")).stream()
            .filter(e -> "SparkListenerEnvironmentUpdate".equals(e.path("Event").asText()))
            .findFirst()
            .orElseThrow()
            .path("Spark Properties");
    assertThat(props.path("spark.hadoop.fs.s3a.secret.key").asText())
        .isEqualTo("*********(redacted)");
    assertThat(props.path("spark.hadoop.fs.s3a.access.key").asText())
        .isEqualTo("*********(redacted)");
    assertThat(props.path("spark.sql.shuffle.partitions").asText()).isEqualTo("32");
    assertThat(props.path("spark.sql.adaptive.skewJoin.enabled").asText()).isEqualTo("false");
    assertThat(props.path("spark.executor.memory").asText()).isEqualTo("2048m");
  }

  // ---- helpers ----

  private SparkJobPlan plan(Map<String, String> conf, double skew) {
    return SparkJobPlan.plan(
        "spark-abc",
        FIVE_MINUTES,
        TWO_EXECUTORS,
        SparkJobPlan.shufflePartitions(conf),
        skew,
        SparkJobPlan.skewJoinApplies(conf));
  }

  private SparkEventLog open(SparkJobPlan plan, Map<String, String> conf, boolean rolling) {
    return SparkEventLog.open(
        new SparkEventLog.Target(dir, rolling, false, null), runOf(conf), plan, history::add);
  }

  private static SparkEventLog.Run runOf(Map<String, String> conf) {
    return new SparkEventLog.Run(
        "spark-abc",
        "etl",
        "data",
        "3.5.1",
        "org.example.SalesJob",
        "etl-driver",
        "etl-driver-svc.data.svc",
        "spark:3.5.1",
        "etl-0123456789abcdef",
        1024,
        2048,
        1,
        1,
        2,
        START,
        conf);
  }

  private static List<JsonNode> taskEnds(List<JsonNode> events, String reason) {
    return events.stream()
        .filter(e -> "SparkListenerTaskEnd".equals(e.path("Event").asText()))
        .filter(e -> reason.equals(e.at("/Task End Reason/Reason").asText()))
        .toList();
  }

  private static List<JsonNode> events(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }
}
