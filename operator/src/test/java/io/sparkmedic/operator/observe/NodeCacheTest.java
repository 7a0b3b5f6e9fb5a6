package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeCacheTest {

  private EmbeddedApiServer api;
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    server = api.mockServer();
    client = api.client();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("ip-10-0-41-7.ec2.internal")
                .addToLabels("karpenter.sh/capacity-type", "spot")
                .endMetadata()
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private int nodeReads() throws InterruptedException {
    int reads = 0;
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if ("GET".equals(r.getMethod()) && r.getPath().startsWith("/api/v1/nodes/")) {
        reads++;
      }
    }
    return reads;
  }

  @Test
  void manyPodsOnOneNodeReadTheNodeOnceAndAGoneNodeKeepsWhatWasKnown() throws Exception {
    nodeReads();
    try (NodeCache nodes = new NodeCache(client, new NodeFactsReader(List.of()))) {
      for (int i = 0; i < 2_000; i++) {
        nodes.prefetch("ip-10-0-41-7.ec2.internal");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while ((nodes.cached("ip-10-0-41-7.ec2.internal").isEmpty() || nodes.pendingReads() > 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(nodes.cached("ip-10-0-41-7.ec2.internal"))
          .hasValueSatisfying(n -> assertThat(n.capacityType()).isNotNull());
      assertThat(nodeReads()).isEqualTo(1);

      client.nodes().withName("ip-10-0-41-7.ec2.internal").delete();
      assertThat(nodes.refresh("ip-10-0-41-7.ec2.internal"))
          .hasValueSatisfying(
              n -> {
                assertThat(n.gone()).isTrue();
                assertThat(n.capacityType()).isNotNull();
              });
    }
  }
}
