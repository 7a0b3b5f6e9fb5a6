package io.sparkmedic.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /healthz} (liveness: the operator runs and its informers are healthy), {@code /readyz}
 * (readiness: started) for the kubelet's probes, and {@code /metrics} for Prometheus. A failing
 * informer (missing RBAC, API errors) shows here as 503 with the reason, instead of crashing the
 * process.
 */
public final class HealthServer implements AutoCloseable {

  /** One probe's verdict. */
  public record Verdict(boolean ok, String detail) {}

  private final HttpServer server;

  public HealthServer(
      int port, Supplier<Verdict> liveness, Supplier<Verdict> readiness, Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> respond(exchange, liveness.get()));
    server.createContext("/readyz", exchange -> respond(exchange, readiness.get()));
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(null);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, Verdict verdict) throws IOException {
    byte[] body =
        ((verdict.ok() ? "ok" : "unhealthy") + ": " + verdict.detail() + "\n")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(verdict.ok() ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
