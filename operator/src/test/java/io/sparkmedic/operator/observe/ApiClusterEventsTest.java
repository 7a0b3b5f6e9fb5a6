package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import io.sparkmedic.remediation.signal.ClusterEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiClusterEventsTest {

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

  private void event(String name, String kind, String object, String reason) {
    client
        .v1()
        .events()
        .inNamespace("team-a")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("team-a")
                .withUid(name + "-uid")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(object)
                .withNamespace("team-a")
                .endInvolvedObject()
                .withReason(reason)
                .withType("Warning")
                .withMessage(reason + " of " + object)
                .withLastTimestamp("2026-11-21T06:41:11Z")
                .build())
        .create();
  }

  @Test
  void readsTheEventsOfTheApplicationAndItsPodsByFieldSelectorWhateverElseTheNamespaceHolds()
      throws Exception {
    // A busy namespace: hundreds of Events about other jobs' pods, written before the ones that
    // matter, more than any one page of a namespace-wide list would hold.
    for (int i = 0; i < 600; i++) {
      event("other-" + i, "Pod", "other-job-" + i + "-exec-1", "BackOff");
    }
    event("app-failed", "SparkApplication", "etl", "SparkApplicationFailed");
    event("exec-oom", "Pod", "etl-exec-3", "Evicted");
    event("driver-kill", "Pod", "etl-driver", "Killing");
    event("same-name-other-kind", "Service", "etl-driver", "Updated");
    int before = server.getRequestCount();

    List<ClusterEvent> events =
        new ApiClusterEvents(client)
            .aboutPods("team-a", "etl", List.of("etl-driver", "etl-exec-3"));

    assertThat(events)
        .extracting(ClusterEvent::reason)
        .containsExactlyInAnyOrder("SparkApplicationFailed", "Evicted", "Killing");
    List<String> selectors = new ArrayList<>();
    int requests = server.getRequestCount() - before;
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      if (r != null && r.getPath().contains("/events?")) {
        selectors.add(URLDecoder.decode(r.getPath(), StandardCharsets.UTF_8));
      }
    }
    assertThat(requests).isEqualTo(3);
    assertThat(selectors)
        .hasSize(3)
        .allSatisfy(p -> assertThat(p).contains("fieldSelector=").contains("involvedObject.name="));
  }

  @Test
  void asksAboutTheFirstPodAndTheNewestOthersOnly() {
    List<String> pods = IntStream.range(0, 40).mapToObj(i -> "etl-exec-" + i).toList();

    List<String> queried = ApiClusterEvents.queried(pods);

    assertThat(queried).hasSize(ApiClusterEvents.MAX_PODS);
    assertThat(queried.get(0)).isEqualTo("etl-exec-0");
    assertThat(queried).endsWith("etl-exec-39").doesNotContain("etl-exec-1", "etl-exec-28");
    assertThat(ApiClusterEvents.queried(pods.subList(0, 3))).isEqualTo(pods.subList(0, 3));
  }

  @Test
  void anApiServerThatRefusesGivesNoEventsAndNoError() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/team-a/events")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .always();
    event("driver-kill", "Pod", "etl-driver", "Killing");

    assertThat(new ApiClusterEvents(client).aboutPods("team-a", "etl", List.of("etl-driver")))
        .isEmpty();
  }
}
