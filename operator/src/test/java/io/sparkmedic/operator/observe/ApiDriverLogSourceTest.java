package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiDriverLogSourceTest {

  @Test
  void aKubernetesObjectIsNotTakenForALog() {
    assertThat(
            ApiDriverLogSource.looksLikeAnObject(
                "{\"apiVersion\":\"v1\",\"kind\":\"List\", \"items\": []}"))
        .isTrue();
    assertThat(
            ApiDriverLogSource.looksLikeAnObject(
                "26/11/21 09:14:03 INFO SparkContext: Running Spark version 3.5.5\n{\"event\":1}"))
        .isFalse();
  }
}
