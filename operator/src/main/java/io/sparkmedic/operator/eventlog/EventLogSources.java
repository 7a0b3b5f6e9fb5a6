package io.sparkmedic.operator.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmedic.remediation.eventlog.EventLogException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Resolves where an application's metrics are to an {@link EventLogSource}: a path, an {@code
 * s3://} / {@code s3a://} location, a Spark History Server URL (the event log, downloaded through
 * its REST API), or a running driver's UI URL (live stage summaries).
 */
public final class EventLogSources {

  private final EventLogSourceSettings settings;
  private final Supplier<S3Client> s3;
  private final HttpClient http;
  private final Clock clock;

  public EventLogSources(EventLogSourceSettings settings) {
    this(
        settings,
        () -> S3EventLogSource.client(settings),
        HttpClient.newBuilder()
            .connectTimeout(settings.httpTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        Clock.systemUTC());
  }

  /** With the S3 and HTTP clients given (tests, or clients the operator shares). */
  public EventLogSources(
      EventLogSourceSettings settings, Supplier<S3Client> s3, HttpClient http, Clock clock) {
    this.settings = settings;
    this.s3 = s3;
    this.http = http;
    this.clock = clock;
  }

  /** The source at {@code location}: a path, an S3 location, or a Spark UI URL. */
  public EventLogSource open(String location) throws EventLogException {
    if (S3Location.isS3(location)) {
      return new S3EventLogSource(s3.get(), s3Location(location));
    }
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return openUi(location);
    }
    if (lower.startsWith("file:")) {
      return new FileEventLogSource(Path.of(URI.create(location)));
    }
    return new FileEventLogSource(Path.of(location));
  }

  /**
   * The log of {@code appId} where an operator was told to look: an event-log directory (a mounted
   * path or an S3 prefix, as {@code spark.eventLog.dir}), or a History Server URL. Empty when the
   * directory has no log of that application.
   */
  public Optional<EventLogSource> locate(String where, String appId) throws EventLogException {
    if (S3Location.isS3(where)) {
      return S3EventLogSource.find(s3.get(), s3Location(where), appId).map(s -> s);
    }
    String lower = where.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      String base = where.endsWith("/") ? where.substring(0, where.length() - 1) : where;
      return Optional.of(openUi(base + "/history/" + appId));
    }
    if (lower.startsWith("file:")) {
      // spark.eventLog.dir is often written as a URI (file:///mnt/events or file:/mnt/events).
      return FileEventLogSource.find(Path.of(URI.create(where)), appId).map(s -> s);
    }
    return FileEventLogSource.find(Path.of(where), appId).map(s -> s);
  }

  private static S3Location s3Location(String location) throws EventLogException {
    try {
      return S3Location.parse(location);
    } catch (IllegalArgumentException e) {
      throw new EventLogException(e.getMessage());
    }
  }

  /**
   * A Spark UI: the History Server's event log when it serves one for the application, otherwise (a
   * live driver) its stage summaries.
   */
  private EventLogSource openUi(String url) throws EventLogException {
    SparkRestApi.Target target;
    try {
      target = SparkRestApi.parse(url);
    } catch (IllegalArgumentException e) {
      throw new EventLogException(url + ": not a URL (" + e.getMessage() + ")");
    }
    SparkRestApi api = new SparkRestApi(http, settings.httpTimeout(), target.base());
    String appId = target.appId();
    if (appId == null) {
      JsonNode apps = api.get("/api/v1/applications");
      if (!apps.isArray() || apps.isEmpty()) {
        throw new EventLogException(url + ": the Spark UI lists no applications");
      }
      if (apps.size() > 1) {
        List<String> ids = new ArrayList<>();
        apps.forEach(a -> ids.add(a.path("id").asText()));
        throw new EventLogException(
            url
                + ": serves "
                + apps.size()
                + " applications; name one, e.g. "
                + target.base()
                + "/history/"
                + ids.get(0)
                + " (first ones: "
                + String.join(", ", ids.subList(0, Math.min(5, ids.size())))
                + ")");
      }
      appId = apps.get(0).path("id").asText();
    }
    String attemptId = target.attemptId();
    if (attemptId == null) {
      JsonNode attempt = api.get(SparkRestApi.appPath(appId, null)).path("attempts").path(0);
      // Spark lists attempts newest first; cluster managers without attempts give none.
      attemptId = attempt.hasNonNull("attemptId") ? attempt.get("attemptId").asText() : null;
    }
    Optional<HistoryServerEventLogSource> log =
        HistoryServerEventLogSource.download(api, appId, attemptId);
    if (log.isPresent()) {
      return log.get();
    }
    return new DriverUiStageSource(api, appId, attemptId, clock);
  }
}
