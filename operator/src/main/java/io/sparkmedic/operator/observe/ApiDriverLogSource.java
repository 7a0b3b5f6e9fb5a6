package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkmedic.crds.spark.SparkApplication;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tail of a driver's log through the API ({@code pods/log}), bounded in lines and bytes
 * so a chatty driver cannot blow up the operator's heap.
 */
public final class ApiDriverLogSource implements DriverLogSource {

  private static final Logger LOG = LoggerFactory.getLogger(ApiDriverLogSource.class);

  public static final int TAIL_LINES = 2000;
  public static final int MAX_CHARS = 512 * 1024;

  private final KubernetesClient client;

  public ApiDriverLogSource(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A Kubernetes object is not a log. An API server that cannot serve {@code pods/log} (fabric8's
   * mock answers with a List of whatever it stores) must not be read as one.
   */
  static boolean looksLikeAnObject(String text) {
    String start = text.stripLeading();
    return start.startsWith("{") && start.contains("\"apiVersion\"") && start.contains("\"kind\"");
  }

  /**
   * One GET of {@code pods/<driver>/log}. Not fabric8's {@code getLog()}: that first waits for the
   * pod to be ready or terminal with a list and a watch of the pod — two more requests and a watch
   * per diagnosis, for a driver that has already ended (or been deleted).
   */
  @Override
  public Optional<String> tail(String namespace, String driverPod) {
    String path =
        "/api/v1/namespaces/"
            + encode(namespace)
            + "/pods/"
            + encode(driverPod)
            + "/log?container="
            + encode(SparkApplication.DRIVER_CONTAINER)
            + "&tailLines="
            + TAIL_LINES;
    try {
      String log = client.raw(path);
      if (log == null || log.isEmpty() || looksLikeAnObject(log)) {
        return Optional.empty();
      }
      return Optional.of(log.length() > MAX_CHARS ? log.substring(log.length() - MAX_CHARS) : log);
    } catch (KubernetesClientException e) {
      LOG.debug("driver log of {}/{} not readable: {}", namespace, driverPod, e.getMessage());
      return Optional.empty();
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
