package io.sparkmedic.remediation.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks the real logs do not trigger, on runs built to trigger them. */
class FindingChecksTest {

  private static EventLogAnalysis analyze(SparkEvents events) throws EventLogException {
    return new EventLogAnalyzer()
        .analyze(
            new ByteArrayInputStream(events.text().getBytes(StandardCharsets.UTF_8)), "test-log");
  }

  @Test
  void manyTinyShortShuffleTasksAreTooManyPartitions() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0).executorAdded("1", 1, 1).executorAdded("2", 1, 1);
    e.jobStart(0, 10, 0).stageSubmitted(0, 0, 200, 10);
    long t = 20;
    for (int p = 0; p < 200; p++) {
      String executor = p % 2 == 0 ? "1" : "2";
      e.task(0, 0, p, p, 0, executor, t, t + 20, false, "Success", 50_000);
      if (p % 2 == 1) {
        t += 21;
      }
    }
    e.stageCompleted(0, 0, 200, 10, t + 10).jobEnd(0, t + 20, true).appEnd(t + 100);

    EventLogAnalysis a = analyze(e);

    Finding f = a.findings(FindingType.TOO_MANY_PARTITIONS).get(0);
    assertThat(f.stageIds()).containsExactly(0);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.recommendations().get(0).sparkConf())
        .containsEntry("spark.default.parallelism", "2");
    assertThat(f.recommendations().get(0).expectedImpact()).startsWith("saves about 495 ms");
    assertThat(a.findings(FindingType.DATA_SKEW)).isEmpty();
  }

  @Test
  void slotsMostlyIdleWhileHalfTheExecutorsWouldDoAreOverProvisioning() throws EventLogException {
    SparkEvents e = new SparkEvents().appStart(0);
    for (int x = 1; x <= 16; x++) {
      e.executorAdded(Integer.toString(x), 1, 1);
    }
    e.jobStart(0, 100, 0).stageSubmitted(0, 0, 4, 100);
    for (int p = 0; p < 4; p++) {
      e.task(0, 0, p, p, 0, Integer.toString(p + 1), 110, 10_110, false, "Success", 0);
    }
    e.stageCompleted(0, 0, 4, 100, 10_120).jobEnd(0, 10_130, true).appEnd(10_200);

    EventLogAnalysis a = analyze(e);

    Finding f = a.findings(FindingType.IDLE_EXECUTORS).get(0);
    assertThat(f.severity()).isEqualTo(Severity.MODERATE);
    assertThat(f.evidence()).anyMatch(s -> s.startsWith("12 of 16 executors ran no task"));
    assertThat(f.evidence()).anyMatch(s -> s.contains("with 8 executors instead of 16"));
    assertThat(f.recommendations().get(0).sparkConf())
        .containsEntry("spark.executor.instances", "8");
    assertThat(a.whatIf().at(8).orElseThrow().predictedMs())
        .isEqualTo(a.whatIf().at(16).orElseThrow().predictedMs());
    assertThat(a.whatIf().at(4).orElseThrow().predictedMs()).isEqualTo(10_200);
  }

  @Test
  void noFindingHasAStageSkewExceptDataSkew() throws EventLogException {
    EventLogAnalysis a = new EventLogAnalyzer().analyze(RealEventLogs.TOO_FEW_PARTITIONS);

    assertThat(a.findings()).isNotEmpty().allMatch(f -> f.skew() == null);
  }
}
