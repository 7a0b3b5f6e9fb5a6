package io.sparkmedic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparkMemoryTest {

  @ParameterizedTest
  @CsvSource({
    "512, 512",
    "512m, 512",
    "512MB, 512",
    "2g, 2048",
    "2gb, 2048",
    " 4G , 4096",
    "1t, 1048576",
    "2048k, 2",
    "2047k, 1",
    "1048576b, 1",
    "1kb, 0"
  })
  void parsesSparkSizeStringsAsMiB(String value, long mib) {
    assertThat(SparkMemory.byteStringAsMiB(value)).isEqualTo(mib);
  }

  @Test
  void rejectsWhatSparkRejects() {
    assertThatThrownBy(() -> SparkMemory.parseMiB("spark.executor.memory", "1.5g"))
        .isInstanceOf(SubmissionException.class)
        .hasMessageContaining("spark.executor.memory")
        .hasMessageContaining("Fractional values are not supported. Input was: 1.5");
    assertThatThrownBy(() -> SparkMemory.parseMiB("spark.executor.memory", "2Gi"))
        .hasMessageContaining("Invalid suffix: \"gi\"");
    assertThatThrownBy(() -> SparkMemory.parseMiB("spark.driver.memory", "lots"))
        .hasMessageContaining("Failed to parse byte string: lots");
    assertThatThrownBy(() -> SparkMemory.parseMiB("spark.driver.memory", "-1g"))
        .isInstanceOf(SubmissionException.class);
    assertThatThrownBy(() -> SparkMemory.parseMiB("spark.driver.memory", "99999999999999999999g"))
        .isInstanceOf(SubmissionException.class);
  }

  @Test
  void defaultsAreOneGigabyteHeapAndTheMinimumOverhead() throws Exception {
    SparkApplicationSpec spec = new SparkApplicationSpec();
    assertThat(SparkMemory.resolve(spec, SparkMemory.DRIVER))
        .isEqualTo(new SparkMemory.Role(1024, 384));
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .isEqualTo(new SparkMemory.Role(1024, 384));
  }

  @Test
  void overheadIsTenPercentOfTheHeapForJvmJobsOnceAboveTheMinimum() throws Exception {
    SparkApplicationSpec spec = spec("Scala", "8g", null);
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .isEqualTo(new SparkMemory.Role(8192, 819));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Python", "R"})
  void overheadIsFortyPercentForNonJvmJobs(String type) throws Exception {
    SparkApplicationSpec spec = spec(type, "2g", null);
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .isEqualTo(new SparkMemory.Role(2048, 819));
  }

  @Test
  void typedFieldsBeatSparkConf() throws Exception {
    SparkApplicationSpec spec = spec("Scala", "3g", "700m");
    spec.setSparkConf(
        Map.of("spark.executor.memory", "10g", "spark.executor.memoryOverhead", "5g"));
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .isEqualTo(new SparkMemory.Role(3072, 700));
  }

  @Test
  void sparkConfIsUsedWhenTypedFieldsAreAbsent() throws Exception {
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setSparkConf(Map.of("spark.driver.memory", "4g", "spark.driver.memoryOverhead", "1000"));
    assertThat(SparkMemory.resolve(spec, SparkMemory.DRIVER))
        .isEqualTo(new SparkMemory.Role(4096, 1000));
  }

  @Test
  void overheadFactorPrecedence() throws Exception {
    SparkApplicationSpec spec = spec("Python", "10g", null);
    spec.setMemoryOverheadFactor("0.2");
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR).overheadMiB()).isEqualTo(2048);

    Map<String, String> conf = new HashMap<>();
    conf.put("spark.executor.memoryOverheadFactor", "0.3");
    spec.setSparkConf(conf);
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR).overheadMiB()).isEqualTo(3072);
    // The role factor applies to its role only.
    spec.getDriver().setMemory("10g");
    assertThat(SparkMemory.resolve(spec, SparkMemory.DRIVER).overheadMiB()).isEqualTo(2048);

    conf.put("spark.executor.minMemoryOverhead", "4g");
    assertThat(SparkMemory.resolve(spec, SparkMemory.EXECUTOR).overheadMiB()).isEqualTo(4096);
  }

  @Test
  void badOverheadFactorIsASubmissionFailure() {
    SparkApplicationSpec spec = spec("Scala", "1g", null);
    spec.setMemoryOverheadFactor("lots");
    assertThatThrownBy(() -> SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .isInstanceOf(SubmissionException.class)
        .hasMessageContaining("spark.kubernetes.memoryOverheadFactor");
    spec.setMemoryOverheadFactor("0");
    assertThatThrownBy(() -> SparkMemory.resolve(spec, SparkMemory.EXECUTOR))
        .hasMessageContaining("greater than 0");
  }

  private static SparkApplicationSpec spec(String type, String executorMemory, String overhead) {
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType(type);
    spec.setDriver(new DriverSpec());
    ExecutorSpec executor = new ExecutorSpec();
    executor.setMemory(executorMemory);
    executor.setMemoryOverhead(overhead);
    spec.setExecutor(executor);
    return spec;
  }
}
