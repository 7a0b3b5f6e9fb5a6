package io.sparkmedic.remediation.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large log made by repeating a real one reads to the same facts, repeated: nothing is lost or
 * double-counted when stages, tasks and jobs run into the thousands.
 */
class ScaledEventLogTest {

  @TempDir Path dir;

  @Test
  void aHundredCopiesOfTheSkewedJoinAreAHundredSkewedJoinStages() throws Exception {
    Path log = dir.resolve("scaled");
    long size = ScaledEventLog.of(RealEventLogs.SKEWED_JOIN).writeTo(log, 100, 1);

    EventLogAnalysis a = new EventLogAnalyzer().analyze(log);

    assertThat(size).isGreaterThan(40_000_000L);
    assertThat(a.stages()).hasSize(300);
    assertThat(a.application().jobsSucceeded()).isEqualTo(100);
    assertThat(a.skews()).hasSize(100);
    for (StageSkew s : a.skews()) {
      assertThat(s.stageId() % 3).isEqualTo(2);
      assertThat(s.medianBytes()).isEqualTo(251_650);
      assertThat(s.maxBytes()).isEqualTo(19_671_447);
      assertThat(s.stragglerPartition()).isEqualTo(29);
      assertThat(s.joinKeys()).containsExactly("key = key");
    }
    assertThat(a.stages().stream().mapToInt(st -> st.tasks().succeeded()).sum()).isEqualTo(5200);
    assertThat(a.findings(FindingType.TASK_FAILURES)).isEmpty();
    assertThat(a.input().malformedLines()).isZero();
  }

  @Test
  void aLargeLogReportsItsProgress() throws Exception {
    Path log = dir.resolve("large");
    long size = ScaledEventLog.of(RealEventLogs.HEALTHY).writeTo(log, 100, 1);
    java.util.List<long[]> calls = new java.util.ArrayList<>();

    new EventLogAnalyzer()
        .analyze(
            io.sparkmedic.remediation.eventlog.input.EventLogFiles.of(log),
            (stored, total, decoded, events) ->
                calls.add(new long[] {stored, total, decoded, events}));

    assertThat(size).isGreaterThan(ProgressListener.INTERVAL_BYTES);
    assertThat(calls).hasSize((int) (size / ProgressListener.INTERVAL_BYTES));
    long[] first = calls.get(0);
    assertThat(first[1]).isEqualTo(size);
    assertThat(first[0]).isPositive().isLessThanOrEqualTo(size);
    assertThat(first[2]).isGreaterThanOrEqualTo(ProgressListener.INTERVAL_BYTES);
    assertThat(first[3]).isPositive();
  }

  @Test
  void widenedStagesKeepTheirFailuresExact() throws Exception {
    Path log = dir.resolve("wide");
    ScaledEventLog.of(RealEventLogs.FAILED_TASK_RETRY).writeTo(log, 3, 50);

    EventLogAnalysis a = new EventLogAnalyzer().analyze(log);

    assertThat(a.stages()).hasSize(6);
    assertThat(a.stages().stream().mapToInt(StageSummary::failedAttempts).sum())
        .isEqualTo(3 * 4 * 50);
    assertThat(a.stages().get(0).numTasks()).isEqualTo(8 * 50);
    assertThat(a.stages().get(0).tasks().succeeded()).isEqualTo(8 * 50);
  }
}
