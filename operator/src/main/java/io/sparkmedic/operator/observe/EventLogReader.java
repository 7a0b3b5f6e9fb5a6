package io.sparkmedic.operator.observe;

import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.operator.eventlog.EventLogSource;
import io.sparkmedic.operator.eventlog.EventLogSources;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and analyses the event log of a failed run, when one can be read: where the policy says,
 * else where the operator was told, else where the application itself writes it ({@code
 * spark.eventLog.dir} with {@code spark.eventLog.enabled=true}) — a mounted directory, an S3
 * prefix, or a History Server. A log that cannot be found or read means no event-log evidence,
 * never a failed diagnosis.
 */
public final class EventLogReader {

  private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);

  private final EventLogSources sources;
  private final String defaultLocation;
  private final SparkmedicMetrics metrics;
  private final EventLogAnalyzer analyzer = new EventLogAnalyzer();

  public EventLogReader(
      EventLogSources sources, String defaultLocation, SparkmedicMetrics metrics) {
    this.sources = sources;
    this.defaultLocation =
        defaultLocation == null || defaultLocation.isBlank() ? null : defaultLocation;
    this.metrics = metrics;
  }

  /** Where the application's logs are, by the rules above; empty when nowhere is known. */
  Optional<String> locationFor(SparkApplication app, String policyLocation) {
    if (policyLocation != null && !policyLocation.isBlank()) {
      return Optional.of(policyLocation);
    }
    if (defaultLocation != null) {
      return Optional.of(defaultLocation);
    }
    Map<String, String> conf = app.getSpec() == null ? null : app.getSpec().getSparkConf();
    if (conf != null && "true".equalsIgnoreCase(conf.get("spark.eventLog.enabled"))) {
      return Optional.ofNullable(conf.get("spark.eventLog.dir"));
    }
    return Optional.empty();
  }

  public Optional<EventLogAnalysis> read(SparkApplication app, String policyLocation) {
    String appId = app.getStatus() == null ? null : app.getStatus().getSparkApplicationId();
    Optional<String> where = locationFor(app, policyLocation);
    if (appId == null || where.isEmpty()) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    try {
      Optional<EventLogSource> source = sources.locate(where.get(), appId);
      if (source.isEmpty()) {
        LOG.debug("no event log of {} in {}", appId, where.get());
        return Optional.empty();
      }
      try (EventLogSource s = source.get()) {
        EventLogAnalysis analysis = s.analyze(analyzer, ProgressListener.NONE);
        metrics.eventLogAnalysis(
            Duration.ofNanos(System.nanoTime() - started), analysis.input().decodedBytes());
        return Optional.of(analysis);
      }
    } catch (EventLogException | RuntimeException e) {
      LOG.warn("event log of {} in {} not readable: {}", appId, where.get(), e.getMessage());
      return Optional.empty();
    }
  }
}
