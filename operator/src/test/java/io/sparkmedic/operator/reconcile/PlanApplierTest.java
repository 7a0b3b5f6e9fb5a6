package io.sparkmedic.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanApplierTest {

  private static SparkApplication app(String executorMemory) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName("spark-etl")
            .withNamespace("team-a")
            .withUid("uid-1")
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    ExecutorSpec executor = new ExecutorSpec();
    executor.setMemory(executorMemory);
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }

  private static SparkRemediation record(SparkRemediationSpec.Change... changes) {
    SparkRemediation r = new SparkRemediation();
    r.setMetadata(new ObjectMetaBuilder().withName("spark-etl-1a2b3c4d").build());
    SparkRemediationSpec spec = new SparkRemediationSpec();
    spec.setChanges(List.of(changes));
    r.setSpec(spec);
    return r;
  }

  private static SparkRemediationSpec.Change change(String path, String to) {
    SparkRemediationSpec.Change c = new SparkRemediationSpec.Change();
    c.setPath(path);
    c.setTo(to);
    return c;
  }

  @Test
  void aChangedFieldIsTestedAtItsCurrentValueThenReplaced() {
    ArrayNode patch =
        PlanApplier.patchFor(
            app("8g"), record(change("spec.executor.memory", "12g")), "spark-etl-1a2b3c4d");

    assertThat(patch.toString())
        .isEqualTo(
            "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\"uid-1\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/executor/memory\",\"value\":\"8g\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/executor/memory\",\"value\":\"12g\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/sparkConf\",\"value\":{}},"
                + "{\"op\":\"add\",\"path\":\"/spec/sparkConf/spark.kubernetes.driver.annotation.sparkmedic.io~1remediation\","
                + "\"value\":\"spark-etl-1a2b3c4d\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{}},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations/sparkmedic.io~1applied-remediation\","
                + "\"value\":\"spark-etl-1a2b3c4d\"}]");
  }

  @Test
  void anUnsetFieldIsAddedWithoutATestAndMissingParentsAreCreatedOnce() {
    ArrayNode patch =
        PlanApplier.patchFor(
            app("8g"),
            record(
                change("spec.driver.memory", "2g"), change("spec.driver.memoryOverhead", "576m")),
            "spark-etl-1a2b3c4d");

    assertThat(patch.toString())
        .contains("{\"op\":\"add\",\"path\":\"/spec/driver\",\"value\":{}}")
        .contains("{\"op\":\"add\",\"path\":\"/spec/driver/memory\",\"value\":\"2g\"}")
        .contains("{\"op\":\"add\",\"path\":\"/spec/driver/memoryOverhead\",\"value\":\"576m\"}")
        .doesNotContain("\"op\":\"test\",\"path\":\"/spec/driver");
    assertThat(patch.toString().split("/spec/driver\",").length - 1).isEqualTo(1);
  }

  @Test
  void sparkConfKeysAreEscapedIntoThePointer() {
    ArrayNode patch =
        PlanApplier.patchFor(
            app("8g"),
            record(change("spec.sparkConf[spark.sql.shuffle.partitions]", "800")),
            "spark-etl-1a2b3c4d");

    assertThat(patch.toString())
        .contains(
            "{\"op\":\"add\",\"path\":\"/spec/sparkConf/spark.sql.shuffle.partitions\",\"value\":\"800\"}");
  }
}
