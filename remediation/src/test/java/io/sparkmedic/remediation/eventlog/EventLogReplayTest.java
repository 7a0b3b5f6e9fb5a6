package io.sparkmedic.remediation.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.Severity;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Replay of the task and executor life cycles the real logs do not show. */
class EventLogReplayTest {

  private static final long MIB = 1024 * 1024;

  private static EventLogAnalysis analyze(SparkEvents events) throws EventLogException {
    return new EventLogAnalyzer()
        .analyze(
            new ByteArrayInputStream(events.text().getBytes(StandardCharsets.UTF_8)), "test-log");
  }

  @Test
  void aKilledSpeculativeCopyIsNeitherASuccessNorAFailure() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 2, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 3, 10);
    e.task(0, 0, 0, 0, 0, "1", 20, 120, false, "Success", 10 * MIB);
    e.task(0, 0, 1, 1, 0, "1", 20, 130, false, "Success", 10 * MIB);
    e.task(0, 0, 2, 2, 0, "1", 20, 900, false, "Success", 10 * MIB);
    e.task(0, 0, 3, 2, 1, "1", 500, 901, true, "TaskKilled", 0);
    e.stageCompleted(0, 0, 3, 10, 910).jobEnd(0, 920, true).appEnd(1000);

    StageSummary s = analyze(e).model().stage(0).orElseThrow();

    assertThat(s.tasks().succeeded()).isEqualTo(3);
    assertThat(s.tasks().killed()).isEqualTo(1);
    assertThat(s.tasks().failed()).isZero();
    assertThat(s.tasks().speculative()).isEqualTo(1);
    assertThat(s.failedAttempts()).isZero();
    assertThat(s.failures())
        .singleElement()
        .satisfies(
            f -> assertThat(f.describe()).isEqualTo("TaskKilled (another attempt succeeded)"));
    assertThat(s.distribution(TaskMetric.DURATION).count()).isEqualTo(3);
  }

  @Test
  void aStageRetriedAfterAFetchFailureIsTwoAttempts() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 1, 1).executorAdded("2", 1, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 2, 10);
    e.task(0, 0, 0, 0, 0, "1", 20, 100, false, "Success", MIB);
    e.task(0, 0, 1, 1, 0, "2", 20, 150, false, "FetchFailed", 0);
    e.stageCompleted(0, 0, 2, 10, 160, "fetch failed");
    e.stageSubmitted(0, 1, 1, 200);
    e.task(0, 1, 2, 1, 0, "1", 210, 300, false, "Success", MIB);
    e.stageCompleted(0, 1, 1, 200, 310).jobEnd(0, 320, true).appEnd(400);

    EventLogAnalysis a = analyze(e);

    assertThat(a.stages()).extracting(StageSummary::label).containsExactly("0.0", "0.1");
    assertThat(a.stages().get(0).status()).isEqualTo(StageStatus.FAILED);
    assertThat(a.stages().get(0).failures().get(0).reason()).isEqualTo("FetchFailed");
    assertThat(a.stages().get(1).status()).isEqualTo(StageStatus.COMPLETE);
    assertThat(a.model().stage(0).orElseThrow().attemptId()).isEqualTo(1);
    assertThat(a.findings(FindingType.TASK_FAILURES).get(0).recommendations())
        .anyMatch(r -> r.sparkConf().containsKey("spark.decommission.enabled"));
  }

  @Test
  void executorsComingAndGoingGiveThePeakAndTheTimeline() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0);
    e.executorAdded("1", 4, 10).executorAdded("2", 4, 20).executorAdded("3", 4, 30);
    e.executorRemoved("1", 400, "Executor killed by driver.");
    e.executorAdded("4", 4, 500);
    e.jobStart(0, 100, 0).stageSubmitted(0, 0, 1, 100);
    e.task(0, 0, 0, 0, 0, "2", 110, 200, false, "Success", 0);
    e.stageCompleted(0, 0, 1, 100, 210).jobEnd(0, 220, true).appEnd(1000);

    EventLogAnalysis a = analyze(e);

    assertThat(a.model().cluster().peakExecutors()).isEqualTo(3);
    assertThat(a.model().cluster().executorsAdded()).isEqualTo(4);
    assertThat(a.model().cluster().executorsRemoved()).isEqualTo(1);
    assertThat(a.model().cluster().coresPerExecutor()).isEqualTo(4);
    assertThat(a.model().executors().get(0).removedReason())
        .isEqualTo("Executor killed by driver.");
    assertThat(a.model().executors().get(0).aliveMs(1000)).isEqualTo(390);
    assertThat(a.findings(FindingType.IDLE_EXECUTORS))
        .singleElement()
        .satisfies(f -> assertThat(f.evidence().get(0)).startsWith("3 of 4 executors ran no task"));
  }

  @Test
  void aTaskStartWithAFinishTimeDoesNotEndTheTask() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 1, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 1, 10);
    e.add(
        "{\"Event\":\"SparkListenerTaskStart\",\"Stage ID\":0,\"Stage Attempt ID\":0,\"Task Info\":"
            + "{\"Task ID\":0,\"Index\":0,\"Attempt\":0,\"Partition ID\":0,\"Launch Time\":20,"
            + "\"Executor ID\":\"1\",\"Speculative\":false,\"Finish Time\":25,\"Failed\":false,"
            + "\"Killed\":false,\"Accumulables\":[]}}");

    StageSummary s = analyze(e).model().stage(0).orElseThrow();

    assertThat(s.tasks().running()).isEqualTo(1);
    assertThat(s.tasks().succeeded()).isZero();
    assertThat(s.status()).isEqualTo(StageStatus.ACTIVE);
  }

  @Test
  void aStragglerThatNeverSucceedsIsSkewFoundInItsFailedAttempts() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 1, 1).executorAdded("2", 1, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 5, 10);
    for (int p = 0; p < 4; p++) {
      e.task(0, 0, p, p, 0, "1", 20, 120, false, "Success", 20 * MIB);
    }
    for (int attempt = 0; attempt < 4; attempt++) {
      e.task(
          0,
          0,
          10 + attempt,
          4,
          attempt,
          "2",
          20,
          5000,
          false,
          "java.lang.OutOfMemoryError",
          900 * MIB);
    }
    e.stageCompleted(0, 0, 5, 10, 5100, "Task 4 in stage 0.0 failed 4 times");
    e.jobEnd(0, 5200, false).appEnd(5300);

    EventLogAnalysis a = analyze(e);

    assertThat(a.skews())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.stragglerFailed()).isTrue();
              assertThat(s.stragglerPartition()).isEqualTo(4);
              assertThat(s.maxBytes()).isEqualTo(900 * MIB);
              assertThat(s.medianBytes()).isEqualTo(20 * MIB);
              assertThat(s.stragglerFailure()).isEqualTo("java.lang.OutOfMemoryError: boom");
            });
    assertThat(a.findings(FindingType.DATA_SKEW).get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.stages().get(0).failedAttempts()).isEqualTo(4);
  }

  @Test
  void severalJobsAreCountedByResult() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 1, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 1, 10);
    e.task(0, 0, 0, 0, 0, "1", 20, 30, false, "Success", 0);
    e.stageCompleted(0, 0, 1, 10, 40).jobEnd(0, 50, true);
    e.jobStart(1, 60, 1, 2).stageSubmitted(1, 0, 1, 60);
    e.task(1, 0, 1, 0, 0, "1", 70, 80, false, "Success", 0);
    e.stageCompleted(1, 0, 1, 60, 90).jobEnd(1, 100, true);
    e.jobStart(2, 110, 3).jobEnd(2, 120, false).appEnd(200);

    EventLogAnalysis a = analyze(e);

    assertThat(a.application().jobsSucceeded()).isEqualTo(2);
    assertThat(a.application().jobsFailed()).isEqualTo(1);
    assertThat(a.application().stagesSkipped()).isEqualTo(2);
    assertThat(a.model().jobs()).hasSize(3);
  }
}
