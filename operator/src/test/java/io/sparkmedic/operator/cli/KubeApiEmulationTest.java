package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeApiEmulationTest {

  private static final int PODS = 1203;
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

  private void pods() {
    for (int i = 0; i < PODS; i++) {
      client
          .pods()
          .inNamespace("team-00")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(String.format("etl-%04d-exec-1", i))
                  .addToLabels(SparkApplication.LAUNCHED_BY_LABEL, "true")
                  .endMetadata()
                  .build())
          .create();
    }
  }

  /** GETs of pod lists (not watches) the server has seen since the last call. */
  private int podLists() throws InterruptedException {
    int lists = 0;
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String path = r.getPath();
      if ("GET".equals(r.getMethod())
          && path.startsWith("/api/v1/namespaces/team-00/pods")
          && !path.contains("watch=true")) {
        lists++;
      }
    }
    return lists;
  }

  @Test
  void aListWithALimitComesInPagesWithContinueTokens() {
    pods();
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      PodList page =
          client
              .pods()
              .inNamespace("team-00")
              .list(new ListOptionsBuilder().withLimit(500L).withContinue(token).build());
      pages++;
      assertThat(page.getItems()).hasSizeLessThanOrEqualTo(500);
      page.getItems().forEach(p -> names.add(p.getMetadata().getName()));
      token = page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());

    assertThat(pages).isEqualTo(3);
    assertThat(names).hasSize(PODS);
    assertThat(new HashSet<>(names)).hasSize(PODS);
    assertThat(client.pods().inNamespace("team-00").list().getItems())
        .as("without a limit, one whole list")
        .hasSize(PODS);
  }

  @Test
  void anInformerWithAListLimitFillsItsCacheFromPages() throws Exception {
    pods();
    podLists();

    SharedIndexInformer<Pod> informer =
        client
            .pods()
            .inNamespace("team-00")
            .withLabel(SparkApplication.LAUNCHED_BY_LABEL, "true")
            .withLimit(500L)
            .runnableInformer(0);
    try {
      informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);

      assertThat(informer.getIndexer().listKeys())
          .hasSize(PODS)
          .contains("team-00/etl-1202-exec-1");
      assertThat(podLists()).isEqualTo(3);
    } finally {
      informer.close();
    }
  }

  @Test
  void eventListsFilterByInvolvedObjectLikeKubeApiserver() {
    for (String[] e :
        List.of(
            new String[] {"a", "Pod", "etl-driver"},
            new String[] {"b", "Pod", "etl-exec-1"},
            new String[] {"c", "SparkApplication", "etl-driver"},
            new String[] {"d", "Pod", "etl-driver"})) {
      client
          .v1()
          .events()
          .inNamespace("team-00")
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(e[0])
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind(e[1])
                  .withName(e[2])
                  .endInvolvedObject()
                  .build())
          .create();
    }

    assertThat(
            client
                .v1()
                .events()
                .inNamespace("team-00")
                .withField("involvedObject.kind", "Pod")
                .withField("involvedObject.name", "etl-driver")
                .list()
                .getItems())
        .extracting(ev -> ev.getMetadata().getName())
        .containsExactlyInAnyOrder("a", "d");
    assertThat(
            client
                .v1()
                .events()
                .inAnyNamespace()
                .withField("involvedObject.name", "etl-driver")
                .list()
                .getItems())
        .hasSize(3);
    assertThat(client.v1().events().inNamespace("team-00").list().getItems()).hasSize(4);
  }
}
