package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import io.sparkmedic.simulator.SparkApplicationCrd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The {@link EmbeddedApiServer} with the SparkApplication CRD, reachable from other processes over
 * plain HTTP. In front of it, this answers {@code pods/<name>/log} as a kubelet would, with text (a
 * failed driver's log tail), instead of a list of stored objects; and it counts the requests it
 * serves.
 */
final class ScaleApiServer implements AutoCloseable {

  private static final Pattern POD_LOG =
      Pattern.compile("^/api/v1/namespaces/[^/]+/pods/[^/]+/log.*");

  private final EmbeddedApiServer server;
  private final KubernetesClient client;
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicLong> reads = new java.util.concurrent.ConcurrentHashMap<>();

  ScaleApiServer(String driverLogTail) {
    server =
        EmbeddedApiServer.start(
            apiserver ->
                new Dispatcher() {
                  @Override
                  public MockResponse dispatch(RecordedRequest request) {
                    requests.incrementAndGet();
                    if ("GET".equals(request.getMethod())) {
                      reads
                          .computeIfAbsent(readKind(request.getPath()), k -> new AtomicLong())
                          .incrementAndGet();
                      if (POD_LOG.matcher(request.getPath()).matches()) {
                        return new MockResponse().setResponseCode(200).setBody(driverLogTail);
                      }
                    }
                    return apiserver.dispatch(request);
                  }
                });
    client = server.client();
    client.resource(SparkApplicationCrd.definition()).create();
  }

  KubernetesClient client() {
    return client;
  }

  /** Requests served so far. */
  long requests() {
    return requests.get();
  }

  /** GETs served so far, by what they read. */
  Map<String, Long> reads() {
    Map<String, Long> out = new java.util.TreeMap<>();
    reads.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private static String readKind(String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    boolean watch = path.contains("watch=true");
    if (p.startsWith("/api/v1/nodes/")) {
      return "node";
    }
    if (p.endsWith("/log")) {
      return "pods/log";
    }
    String[] parts = p.split("/");
    String kind = parts.length > 2 ? parts[parts.length - 1] : p;
    // .../namespaces/ns/<kind> is a list; .../namespaces/ns/<kind>/<name> a read of one
    for (int i = 0; i < parts.length - 1; i++) {
      if ("namespaces".equals(parts[i]) && i + 2 < parts.length) {
        kind = parts[i + 2] + (i + 3 < parts.length ? "" : " (list)");
      }
    }
    return watch ? "watch " + kind : kind;
  }

  String url() {
    return client.getMasterUrl().toString();
  }

  void createNamespace(String name) {
    server.createNamespace(name);
  }

  /** A kubeconfig for other processes: plain HTTP, no credentials (the mock checks none). */
  Path writeKubeconfig(Path dir) throws IOException {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: mock",
            "  cluster:",
            "    server: " + url().replaceAll("/$", ""),
            "contexts:",
            "- name: mock",
            "  context:",
            "    cluster: mock",
            "    user: bench",
            "    namespace: default",
            "current-context: mock",
            "users:",
            "- name: bench",
            "  user: {}",
            "");
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  @Override
  public void close() {
    server.close();
  }
}
