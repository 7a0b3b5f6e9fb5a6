package io.sparkmedic.operator.eventlog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP server answering a fixed set of requests: the S3 API (path-style), a Spark History
 * Server or a driver's UI, as far as a test needs them. Unknown requests get 404.
 */
final class FakeHttpServer implements AutoCloseable {

  /** An answer: status, content type, body. */
  record Response(int status, String contentType, byte[] body) {
    static Response json(String body) {
      return new Response(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static Response bytes(byte[] body) {
      return new Response(200, "application/octet-stream", body);
    }

    static Response status(int status) {
      return new Response(status, "text/plain", new byte[0]);
    }
  }

  private final HttpServer server;
  private final Map<String, Function<HttpExchange, Response>> routes = new LinkedHashMap<>();
  final List<String> requests = new ArrayList<>();

  FakeHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers requests whose path (and query, when the key has one) equals {@code key}. */
  FakeHttpServer on(String key, Function<HttpExchange, Response> answer) {
    routes.put(key, answer);
    return this;
  }

  FakeHttpServer on(String key, Response response) {
    return on(key, e -> response);
  }

  private void handle(HttpExchange e) throws IOException {
    String path = e.getRequestURI().getRawPath();
    String query = e.getRequestURI().getRawQuery();
    requests.add(e.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
    Function<HttpExchange, Response> route =
        query != null && routes.containsKey(path + "?" + query)
            ? routes.get(path + "?" + query)
            : routes.get(path);
    Response r = route == null ? Response.status(404) : route.apply(e);
    e.getResponseHeaders().set("Content-Type", r.contentType());
    if ("HEAD".equals(e.getRequestMethod())) {
      e.getResponseHeaders().set("Content-Length", Integer.toString(r.body().length));
      e.sendResponseHeaders(r.status(), -1);
    } else {
      e.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(r.body());
      }
    }
    e.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
