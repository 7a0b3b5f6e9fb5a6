package io.sparkmedic.remediation.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {

  private static SparkSettings scala(PodSettings executor, Map<String, String> conf) {
    return new SparkSettings("Scala", null, conf, null, executor);
  }

  @Test
  void overheadDefaultsToTenPercentOfTheHeapForJvmApplications() {
    SparkSettings s = scala(new PodSettings("8g", null, 4, 2), Map.of());

    assertThat(s.overhead(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("819m");
    assertThat(s.overhead(SparkRole.EXECUTOR).explicit()).isFalse();
    assertThat(s.overhead(SparkRole.EXECUTOR).source())
        .isEqualTo("Spark's default max(0.10 × 8g, 384m)");
    assertThat(s.containerMemory(SparkRole.EXECUTOR).toSparkString()).isEqualTo("9011m");
  }

  @Test
  void overheadNeverFallsBelow384m() {
    SparkSettings s = scala(new PodSettings("2g", null, 1, 1), Map.of());

    assertThat(s.overhead(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("384m");
  }

  @Test
  void pythonApplicationsDefaultToFortyPercent() {
    SparkSettings s =
        new SparkSettings("Python", null, Map.of(), null, new PodSettings("4g", null, 1, 1));

    assertThat(s.overhead(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("1638m");
  }

  @Test
  void theSpecsOverheadFactorAppliesWhenNoPerRoleFactorIsSet() {
    SparkSettings s =
        new SparkSettings("Scala", "0.2", Map.of(), null, new PodSettings("10g", null, 1, 1));

    assertThat(s.overhead(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("2g");
  }

  @Test
  void typedFieldsBeatSparkConfBecauseTheSparkOperatorPassesThemLast() {
    SparkSettings s =
        scala(new PodSettings("4g", null, 1, 1), Map.of("spark.executor.memory", "16g"));

    assertThat(s.heap(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("4g");
    assertThat(s.heap(SparkRole.EXECUTOR).source()).isEqualTo("spec.executor.memory");
  }

  @Test
  void sparkConfIsUsedWhenTheTypedFieldIsAbsent() {
    SparkSettings s =
        scala(
            PodSettings.EMPTY,
            Map.of("spark.executor.memory", "6g", "spark.executor.memoryOverhead", "1g"));

    assertThat(s.heap(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("6g");
    assertThat(s.overhead(SparkRole.EXECUTOR).amount().toSparkString()).isEqualTo("1g");
    assertThat(s.overhead(SparkRole.EXECUTOR).source())
        .isEqualTo("sparkConf spark.executor.memoryOverhead");
  }

  @Test
  void heapDefaultsToOneGibibyte() {
    SparkSettings s = scala(PodSettings.EMPTY, Map.of());

    assertThat(s.heap(SparkRole.DRIVER).amount().toSparkString()).isEqualTo("1g");
    assertThat(s.heap(SparkRole.DRIVER).explicit()).isFalse();
  }
}
