package io.sparkmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.simulator.JobTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sort-merge join with one hot key: the straggler's executor runs out of heap and the run fails.
 * The run's own event log (written where spark.eventLog.dir says, a mounted volume) shows the skew;
 * Sparkmedic lets AQE split the partition instead of growing every executor.
 */
class DataSkewE2eTest extends E2eTestBase {

  @Test
  void aSkewCausedFailureGetsTheSkewRemedyNotMoreMemoryAndCompletes(@TempDir Path eventLogs)
      throws Exception {
    startOperator("a");
    client.resource(policy()).create();
    simulator.expect(ns, APP, JobTruth.healthy(Duration.ofSeconds(60)).withSkew(80));
    SparkApplication app = application();
    app.getSpec()
        .setSparkConf(
            Map.of(
                "spark.eventLog.enabled", "true",
                "spark.eventLog.dir", eventLogs.toUri().toString(),
                "spark.sql.shuffle.partitions", "32"));
    client.resource(app).create();

    SparkRemediation record = awaitRecord(Outcome.Succeeded);
    SparkApplication done = awaitApplication(a -> state(a).equals(ApplicationStates.COMPLETED));

    assertThat(record.getSpec().getDiagnosis().getCategory()).isEqualTo("DATA_SKEW");
    assertThat(record.getSpec().getDiagnosis().getEvidence())
        .anySatisfy(e -> assertThat(e).contains("in partition 29"))
        .anySatisfy(e -> assertThat(e).contains("the OOM is a symptom of the skew"));
    assertThat(record.getSpec().getOtherDiagnoses())
        .anySatisfy(d -> assertThat(d.getCategory()).isEqualTo("EXECUTOR_HEAP_OOM"));
    assertThat(record.getSpec().getChanges())
        .extracting(c -> c.getPath() + "=" + c.getTo())
        .contains("spec.sparkConf[spark.sql.adaptive.skewJoin.enabled]=true")
        .noneMatch(c -> c.startsWith("spec.executor.memory"));
    assertThat(done.getSpec().getSparkConf())
        .containsEntry("spark.sql.adaptive.skewJoin.enabled", "true");
    assertThat(done.getSpec().getExecutor().getMemory()).isEqualTo("2g");
    assertThat(records()).hasSize(1);
  }
}
