package io.sparkmedic.operator.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.remediation.eventlog.EventLogException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's monitoring REST API ({@code /api/v1}), as a History Server and a running driver's UI
 * serve it: the address an application is reached at, and plain GETs.
 */
final class SparkRestApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UI_TAB =
      Pattern.compile(
          "/(?:jobs|stages|storage|environment|executors|SQL|sql|StreamingQuery)(?:/|$)");
  private static final Pattern APP_IN_PATH =
      Pattern.compile(
          "^(.*?)/(?:api/v1/applications|history)/([^/?#]+)(?:/([0-9]+))?(?:[/?#].*)?$");

  /**
   * An application at a Spark UI.
   *
   * @param base the UI's root ({@code http://shs:18080}, or with a proxy's path prefix)
   * @param appId the application, or null when the URL names none
   * @param attemptId the attempt, or null
   */
  record Target(URI base, String appId, String attemptId) {}

  private final HttpClient http;
  private final Duration timeout;
  private final URI base;

  SparkRestApi(HttpClient http, Duration timeout, URI base) {
    this.http = http;
    this.timeout = timeout;
    this.base = base;
  }

  /**
   * Reads {@code http://host:18080/history/<appId>[/<attempt>]/...}, {@code
   * .../api/v1/applications/<appId>[/<attempt>]/...} or a bare UI address.
   */
  static Target parse(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    Matcher m = APP_IN_PATH.matcher(path);
    String prefix = path;
    String app = null;
    String attempt = null;
    if (m.matches()) {
      prefix = m.group(1);
      app = m.group(2);
      attempt = m.group(3);
    } else if (path.contains("/api/v1/applications")) {
      prefix = path.substring(0, path.indexOf("/api/v1/applications"));
    } else {
      Matcher tab = UI_TAB.matcher(path);
      if (tab.find()) {
        // A page of the UI pasted from a browser: http://driver:4040/jobs/job/?id=3
        prefix = path.substring(0, tab.start());
      }
    }
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    URI root = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + prefix);
    return new Target(root, app, attempt);
  }

  URI base() {
    return base;
  }

  /** {@code /api/v1/applications/<app>[/<attempt>]}. */
  static String appPath(String appId, String attemptId) {
    return "/api/v1/applications/"
        + URLEncoder.encode(appId, StandardCharsets.UTF_8)
        + (attemptId == null ? "" : "/" + URLEncoder.encode(attemptId, StandardCharsets.UTF_8));
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
  }

  /** GETs JSON; a non-200 answer is an error naming the URL and status. */
  JsonNode get(String path) throws EventLogException {
    try (InputStream in = stream(path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new EventLogException(base + path + ": not JSON (" + e.getMessage() + ")", e);
    }
  }

  /** GETs a body as a stream; the caller closes it. */
  InputStream stream(String path) throws EventLogException {
    HttpResponse<InputStream> response = send(path, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try {
        response.body().close();
      } catch (IOException e) {
        // closing a refused response changes nothing: the status says it all
      }
      throw new EventLogException(base + path + ": HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** GETs into a file; the status code, 200 when the file holds the body. */
  int download(String path, Path file) throws EventLogException {
    return send(path, HttpResponse.BodyHandlers.ofFile(file)).statusCode();
  }

  private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> handler)
      throws EventLogException {
    try {
      return http.send(request(path), handler);
    } catch (IOException e) {
      throw new EventLogException(
          base
              + path
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventLogException(base + path + ": interrupted", e);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
