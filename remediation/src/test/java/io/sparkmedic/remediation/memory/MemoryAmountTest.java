package io.sparkmedic.remediation.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryAmountTest {

  @ParameterizedTest(name = "{0} is {1} MiB")
  @CsvSource({
    "512m, 512",
    "4g, 4096",
    "5120m, 5120",
    "5120, 5120",
    "4G, 4096",
    "2gb, 2048",
    "1t, 1048576",
    "1048576k, 1024",
    "' 8g ', 8192"
  })
  void parsesSparkMemoryStringsWithABareNumberMeaningMebibytes(String text, long mebibytes) {
    assertThat(MemoryAmount.parse(text).mebibytes()).isEqualTo(mebibytes);
  }

  @ParameterizedTest(name = "{0} is rejected")
  @ValueSource(strings = {"1.5g", "2Gi", "4 gigs", "-1g", "", "g"})
  void rejectsWhatSparkRejects(String text) {
    assertThatThrownBy(() -> MemoryAmount.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fractionsAreRejectedWithSparksReason() {
    assertThatThrownBy(() -> MemoryAmount.parse("1.5g"))
        .hasMessageContaining("Fractional values are not supported");
  }

  @Test
  void kubernetesUnitsAreRejectedAsAnInvalidSuffix() {
    assertThatThrownBy(() -> MemoryAmount.parse("2Gi")).hasMessageContaining("Invalid suffix");
  }

  @ParameterizedTest(name = "{0} MiB is written {1}")
  @CsvSource({"4096, 4g", "5120, 5g", "5121, 5121m", "384, 384m", "1536, 1536m", "0, 0m"})
  void writesWholeGibibytesAsGAndEverythingElseAsM(long mebibytes, String text) {
    assertThat(MemoryAmount.ofMebibytes(mebibytes).toSparkString()).isEqualTo(text);
  }

  @Test
  void multiplyingRoundsUpToAWholeMebibyteSoTheResultIsAValidSparkString() {
    assertThat(MemoryAmount.parse("384m").times(1.5).toSparkString()).isEqualTo("576m");
    assertThat(MemoryAmount.parse("819m").times(1.5).toSparkString()).isEqualTo("1229m");
    assertThat(MemoryAmount.parse("4g").times(1.5).toSparkString()).isEqualTo("6g");
    assertThat(MemoryAmount.parse("1k").toSparkString()).isEqualTo("1m");
  }

  @Test
  void sparksDerivedAmountsRoundDownLikeSparkDoes() {
    // Spark: (0.1 * 8192).toLong = 819
    assertThat(MemoryAmount.parse("8g").timesRoundedDown(0.1).mebibytes()).isEqualTo(819);
  }

  @Test
  void aFactorMustBePositive() {
    assertThatThrownBy(() -> MemoryAmount.parse("1g").times(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
