package io.sparkmedic.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private static HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnhealthyInformerMakesLivenessFailWithItsNameWhileTheProcessKeepsServing()
      throws Exception {
    AtomicReference<HealthServer.Verdict> liveness =
        new AtomicReference<>(new HealthServer.Verdict(true, "all informers healthy"));
    try (HealthServer server =
        new HealthServer(
            0,
            liveness::get,
            () -> new HealthServer.Verdict(true, "started"),
            () -> "sparkmedic_failures_total 0.0\n")) {
      server.start();

      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      liveness.set(
          new HealthServer.Verdict(false, "unhealthy informers: {sparkapplication=[spark-pods]}"));

      HttpResponse<String> unhealthy = get(server, "/healthz");
      assertThat(unhealthy.statusCode()).isEqualTo(503);
      assertThat(unhealthy.body())
          .isEqualTo("unhealthy: unhealthy informers: {sparkapplication=[spark-pods]}\n");
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body()).contains("sparkmedic_failures_total");
    }
  }
}
