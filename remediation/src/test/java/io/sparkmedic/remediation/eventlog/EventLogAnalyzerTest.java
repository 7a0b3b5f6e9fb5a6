package io.sparkmedic.remediation.eventlog;

import static io.sparkmedic.remediation.eventlog.RealEventLogs.FAILED_TASK_RETRY;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.HEALTHY;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.OOM_TASK_LOCAL;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.SKEWED_JOIN;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.SKEWED_JOIN_AQE;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.TOO_FEW_PARTITIONS;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.Severity;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.model.Distribution;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskFailures;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The analysis of the real Spark 3.5 event logs against the ground truth in their README. */
class EventLogAnalyzerTest {

  private static EventLogAnalysis analyze(Path log) throws EventLogException {
    return new EventLogAnalyzer().analyze(log);
  }

  private static StageSummary stage(EventLogAnalysis a, int id) {
    return a.model().stage(id).orElseThrow();
  }

  @Test
  void theSkewedJoinStageIsTheOnlySkewedStage() throws EventLogException {
    EventLogAnalysis a = analyze(SKEWED_JOIN);

    assertThat(a.skews()).hasSize(1);
    StageSkew skew = a.skews().get(0);
    assertThat(skew.stageId()).isEqualTo(2);
    assertThat(skew.attemptId()).isZero();
    assertThat(skew.taskCount()).isEqualTo(32);
    assertThat(skew.measure()).isEqualTo(StageSkew.Measure.SHUFFLE_READ);
    assertThat(skew.medianBytes()).isEqualTo(251_650);
    assertThat(skew.p75Bytes()).isEqualTo(253_044);
    assertThat(skew.maxBytes()).isEqualTo(19_671_447);
    assertThat(skew.medianRecords()).isEqualTo(24_953);
    assertThat(skew.maxRecords()).isEqualTo(3_625_228);
    assertThat(skew.stragglerPartition()).isEqualTo(29);
    assertThat(skew.bytesRatio()).isBetween(78.0, 78.3);
  }

  @Test
  void theSkewedJoinNamesItsJoinKeysAndItsStragglerDominatesTheStage() throws EventLogException {
    Finding finding = analyze(SKEWED_JOIN).findings(FindingType.DATA_SKEW).get(0);
    StageSkew skew = finding.skew();

    assertThat(skew.joinKeys()).containsExactly("key = key");
    assertThat(skew.stragglerDurationMs()).isEqualTo(4562);
    assertThat(skew.stageWallTimeMs()).isEqualTo(8605);
    assertThat(skew.stragglerShareOfWallTime()).isGreaterThan(0.5);
    assertThat(finding.severity()).isEqualTo(Severity.SEVERE);
    assertThat(finding.stageIds()).containsExactly(2);
    assertThat(finding.evidence())
        .anyMatch(e -> e.contains("median 251,650 B") && e.contains("max 19,671,447 B"))
        .anyMatch(e -> e.contains("SortMergeJoin on key = key"));
    assertThat(finding.recommendations().get(0).sparkConf())
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.sql.adaptive.skewJoin.enabled", "true");
  }

  @Test
  void theMapStagesOfTheSkewedJoinAreNotSkewedThoughTheirFirstTasksAreSlow()
      throws EventLogException {
    EventLogAnalysis a = analyze(SKEWED_JOIN);

    Distribution durations = stage(a, 0).distribution(TaskMetric.DURATION);
    assertThat(durations.max()).isGreaterThan(5 * durations.median());
    assertThat(a.findings(FindingType.DATA_SKEW))
        .flatExtracting(Finding::stageIds)
        .doesNotContain(0, 1);
  }

  @Test
  void theHealthyJobHasNoSkewAndNoFindings() throws EventLogException {
    EventLogAnalysis a = analyze(HEALTHY);

    assertThat(a.skews()).isEmpty();
    assertThat(a.findings()).isEmpty();
    Distribution join = stage(a, 2).distribution(TaskMetric.SHUFFLE_READ_BYTES);
    assertThat(join.maxOverMedian()).isBetween(1.01, 1.02);
  }

  @Test
  void theAqeRemedyBalancesTheJoinAndSkipsTwoStages() throws EventLogException {
    EventLogAnalysis a = analyze(SKEWED_JOIN_AQE);

    assertThat(a.skews()).isEmpty();
    StageSummary join = stage(a, 4);
    assertThat(join.numTasks()).isEqualTo(9);
    Distribution bytes = join.distribution(TaskMetric.SHUFFLE_READ_BYTES);
    assertThat(bytes.median()).isEqualTo(3_787_569);
    assertThat(bytes.max()).isEqualTo(3_795_376);
    assertThat(join.operators()).anyMatch(o -> o.name().equals("SortMergeJoin(skew=true)"));
    assertThat(a.application().stagesSkipped()).isEqualTo(2);
    assertThat(a.model().stage(2)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "skewed-agg__app-20261121075442-0000",
        "zstd-compressed__app-20261121074510-0000.zstd"
      })
  void theSkewedAggregationIsSkewedByBytesButNotByRecords(String log) throws EventLogException {
    EventLogAnalysis a = analyze(RealEventLogs.DIR.resolve(log));

    assertThat(a.skews()).hasSize(1);
    StageSkew skew = a.skews().get(0);
    assertThat(skew.stageId()).isEqualTo(1);
    assertThat(skew.taskCount()).isEqualTo(64);
    assertThat(skew.medianBytes()).isEqualTo(84_990);
    assertThat(skew.p75Bytes()).isEqualTo(85_830);
    assertThat(skew.maxBytes()).isEqualTo(10_314_963);
    assertThat(skew.stragglerPartition()).isEqualTo(29);
    assertThat(skew.medianRecords()).isEqualTo(7_027);
    assertThat(skew.maxRecords()).isEqualTo(7_190);
    assertThat(skew.recordsRatio()).isLessThan(1.1);
    assertThat(skew.hasJoin()).isFalse();
    assertThat(skew.groupingKeys()).containsExactly("key");
  }

  @Test
  void theZstdLogDecodesToTheDocumentedSize() throws EventLogException {
    EventLogAnalysis a = analyze(ZSTD);

    assertThat(a.input().decodedBytes()).isEqualTo(617_251);
    assertThat(a.input().storedBytes()).isEqualTo(43_674);
  }

  @Test
  void tooFewPartitionsSpillIsFoundWithTheExactSpilledBytes() throws EventLogException {
    EventLogAnalysis a = analyze(TOO_FEW_PARTITIONS);

    List<Finding> spill = a.findings(FindingType.SPILL);
    assertThat(spill).hasSize(1);
    assertThat(spill.get(0).stageIds()).containsExactly(1, 4);
    long memory =
        a.stages().stream()
            .mapToLong(s -> s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total())
            .sum();
    long disk =
        a.stages().stream()
            .mapToLong(s -> s.distribution(TaskMetric.DISK_SPILLED_BYTES).total())
            .sum();
    assertThat(memory).isEqualTo(452_983_104L);
    assertThat(disk).isEqualTo(338_326_482L);
    assertThat(spill.get(0).evidence()).anyMatch(e -> e.contains("452,983,104 B"));
  }

  @Test
  void tooFewPartitionsRecommendsMorePartitionsForTheTwoReduceStages() throws EventLogException {
    EventLogAnalysis a = analyze(TOO_FEW_PARTITIONS);

    assertThat(stage(a, 1).numTasks()).isEqualTo(2);
    assertThat(stage(a, 4).numTasks()).isEqualTo(2);
    assertThat(stage(a, 1).distribution(TaskMetric.SHUFFLE_READ_BYTES).median())
        .isBetween(95_000_000L, 110_000_000L);
    Finding tooFew = a.findings(FindingType.TOO_FEW_PARTITIONS).get(0);
    assertThat(tooFew.stageIds()).containsExactly(1, 4);
    int recommended =
        Integer.parseInt(
            tooFew.recommendations().get(0).sparkConf().get("spark.sql.shuffle.partitions"));
    assertThat(recommended).isGreaterThan(2);
    assertThat(a.skews()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "skewed-join-noaqe__app-20261121072501-0000",
        "skewed-join-aqe-remedy__app-20261121072536-0000",
        "healthy__app-20261121073059-0000",
        "failed-task-retry__app-20261121072959-0000",
        "oom-task-local__local-1795246154941",
        "skewed-agg__app-20261121075442-0000"
      })
  void logsWithoutSpillHaveNoSpillFinding(String log) throws EventLogException {
    EventLogAnalysis a = analyze(RealEventLogs.DIR.resolve(log));

    assertThat(a.findings(FindingType.SPILL)).isEmpty();
    assertThat(a.stages())
        .allMatch(s -> s.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total() == 0);
  }

  @Test
  void failedTaskAttemptsAreCountedExactlyAsLogged() throws EventLogException {
    EventLogAnalysis a = analyze(FAILED_TASK_RETRY);

    assertThat(a.stages().stream().mapToInt(StageSummary::failedAttempts).sum()).isEqualTo(4);
    List<TaskFailures> stage0 = stage(a, 0).failures();
    assertThat(stage0)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.detail()).isEqualTo("lab.Jobs$TransientSourceException");
              assertThat(f.count()).isEqualTo(2);
            });
    List<TaskFailures> stage1 = stage(a, 1).failures();
    assertThat(stage1)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.detail()).isEqualTo("java.io.IOException");
              assertThat(f.count()).isEqualTo(2);
            });
    Finding failures = a.findings(FindingType.TASK_FAILURES).get(0);
    assertThat(failures.stageIds()).containsExactly(0, 1);
    assertThat(failures.summary()).startsWith("4 task attempts failed");
    assertThat(failures.severity()).isNotEqualTo(Severity.CRITICAL);
    assertThat(a.application().jobsSucceeded()).isEqualTo(2);
    assertThat(a.application().jobsFailed()).isZero();
  }

  @Test
  void theOutOfMemoryTaskFailsItsStageAndJob() throws EventLogException {
    EventLogAnalysis a = analyze(OOM_TASK_LOCAL);

    StageSummary s = stage(a, 0);
    assertThat(s.numTasks()).isEqualTo(4);
    assertThat(s.status()).isEqualTo(StageStatus.FAILED);
    assertThat(s.tasks().failed()).isEqualTo(1);
    assertThat(s.tasks().running()).isEqualTo(2);
    assertThat(s.tasks().succeeded()).isZero();
    assertThat(s.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isOutOfMemory()).isTrue();
              assertThat(f.example()).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
            });
    assertThat(a.application().jobsFailed()).isEqualTo(1);
    Finding failures = a.findings(FindingType.TASK_FAILURES).get(0);
    assertThat(failures.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.findings(FindingType.GC_PRESSURE))
        .singleElement()
        .satisfies(f -> assertThat(f.stageIds()).containsExactly(0));
  }

  @Test
  void theExecutorTimelineAndClusterShapeComeFromTheLog() throws EventLogException {
    EventLogAnalysis a = analyze(SKEWED_JOIN);

    assertThat(a.model().executors()).extracting(e -> e.id()).containsExactlyInAnyOrder("0", "1");
    assertThat(a.model().cluster().peakExecutors()).isEqualTo(2);
    assertThat(a.model().cluster().coresPerExecutor()).isEqualTo(1);
    // (1024 MiB heap − 300 MiB reserved) × spark.memory.fraction 0.6
    assertThat(a.model().cluster().unifiedMemoryPerExecutor()).isEqualTo(455_501_414L);
    assertThat(a.application().sparkVersion()).isEqualTo("3.5.5");
    assertThat(a.application().ended()).isTrue();
  }

  @Test
  void theWhatIfPredictsTheActualTimeAtTheObservedCountAndLessWithMore() throws EventLogException {
    EventLogAnalysis a = analyze(HEALTHY);

    assertThat(a.whatIf().executors()).isEqualTo(2);
    long actual = a.whatIf().actualMs();
    assertThat(actual).isEqualTo(a.application().durationMs());
    assertThat(a.whatIf().at(2).orElseThrow().predictedMs()).isEqualTo(actual);
    assertThat(a.whatIf().at(1).orElseThrow().predictedMs()).isGreaterThan(actual);
    assertThat(a.whatIf().at(4).orElseThrow().predictedMs()).isLessThan(actual);
    assertThat(a.whatIf().at(8).orElseThrow().predictedMs())
        .isLessThanOrEqualTo(a.whatIf().at(4).orElseThrow().predictedMs())
        .isGreaterThanOrEqualTo(a.whatIf().minimumMs());
  }
}
