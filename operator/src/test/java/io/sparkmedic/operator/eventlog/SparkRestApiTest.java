package io.sparkmedic.operator.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SparkRestApiTest {

  @Test
  void aHistoryServerPageNamesTheApplicationAndAttempt() {
    assertThat(SparkRestApi.parse("http://shs:18080/history/app-1/2/jobs/"))
        .isEqualTo(new SparkRestApi.Target(URI.create("http://shs:18080"), "app-1", "2"));
    assertThat(SparkRestApi.parse("https://shs.example/history/spark-5f1c"))
        .isEqualTo(new SparkRestApi.Target(URI.create("https://shs.example"), "spark-5f1c", null));
  }

  @Test
  void anApiUrlKeepsAProxyPrefix() {
    assertThat(SparkRestApi.parse("http://gw/spark/shs/api/v1/applications/app-1/stages"))
        .isEqualTo(new SparkRestApi.Target(URI.create("http://gw/spark/shs"), "app-1", null));
    assertThat(SparkRestApi.parse("http://gw/spark/shs/api/v1/applications"))
        .isEqualTo(new SparkRestApi.Target(URI.create("http://gw/spark/shs"), null, null));
  }

  @Test
  void aDriverUiPageIsItsUiRoot() {
    assertThat(SparkRestApi.parse("http://etl-driver-svc:4040/jobs/job/?id=3"))
        .isEqualTo(new SparkRestApi.Target(URI.create("http://etl-driver-svc:4040"), null, null));
    assertThat(SparkRestApi.parse("http://etl-driver-svc:4040/"))
        .isEqualTo(new SparkRestApi.Target(URI.create("http://etl-driver-svc:4040"), null, null));
  }
}
