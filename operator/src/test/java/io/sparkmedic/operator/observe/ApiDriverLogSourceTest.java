package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiDriverLogSourceTest {

  private static final String LOG_PATH =
      "/api/v1/namespaces/team-a/pods/etl-driver/log?container=spark-kubernetes-driver"
          + "&tailLines="
          + ApiDriverLogSource.TAIL_LINES;

  private EmbeddedApiServer api;
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    server = api.mockServer();
    client = api.client();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void readsTheDriversTailWithOneRequestAndNoWaitForReadiness() {
    String tail =
        "26/11/21 06:41:40 ERROR TaskSetManager: Task 17 in stage 4.0 failed 4 times; aborting"
            + " job\n";
    server.expect().get().withPath(LOG_PATH).andReturn(200, tail).once();
    int before = server.getRequestCount();

    assertThat(new ApiDriverLogSource(client).tail("team-a", "etl-driver")).contains(tail);
    assertThat(server.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void aLogLongerThanTheBoundKeepsItsEnd() {
    String log = "x".repeat(ApiDriverLogSource.MAX_CHARS) + "the last line";
    server.expect().get().withPath(LOG_PATH).andReturn(200, log).once();

    String read = new ApiDriverLogSource(client).tail("team-a", "etl-driver").orElseThrow();

    assertThat(read).hasSize(ApiDriverLogSource.MAX_CHARS).endsWith("the last line");
  }

  @Test
  void aDeletedDriverOrAFailingApiServerGivesNoLogAndNoError() {
    server.expect().get().withPath(LOG_PATH).andReturn(404, "{}").once();
    server.expect().get().withPath(LOG_PATH).andReturn(500, "boom").once();
    ApiDriverLogSource logs = new ApiDriverLogSource(client);

    assertThat(logs.tail("team-a", "etl-driver")).isEmpty();
    assertThat(logs.tail("team-a", "etl-driver")).isEmpty();
  }

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
