package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.operator.eventlog.EventLogSourceSettings;
import io.sparkmedic.operator.eventlog.EventLogSources;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogReaderTest {

  private static final String APP_ID = "app-20261121072501-0000";
  private final SparkmedicMetrics metrics = new SparkmedicMetrics();

  private static SparkApplication app(Map<String, String> conf) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder().withName("skewed-join").withNamespace("team-a").build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setSparkConf(conf);
    app.setSpec(spec);
    SparkApplicationStatus status = new SparkApplicationStatus();
    status.setSparkApplicationId(APP_ID);
    app.setStatus(status);
    return app;
  }

  private EventLogReader reader(String defaultLocation) {
    return new EventLogReader(
        new EventLogSources(EventLogSourceSettings.DEFAULTS), defaultLocation, metrics);
  }

  @Test
  void thePolicysLocationWinsThenTheOperatorsThenTheApplicationsOwn() {
    SparkApplication app =
        app(
            Map.of(
                "spark.eventLog.enabled", "true", "spark.eventLog.dir", "s3a://team-logs/spark/"));

    assertThat(reader("s3://platform-logs/").locationFor(app, "/mnt/efs/events"))
        .hasValue("/mnt/efs/events");
    assertThat(reader("s3://platform-logs/").locationFor(app, null))
        .hasValue("s3://platform-logs/");
    assertThat(reader(null).locationFor(app, null)).hasValue("s3a://team-logs/spark/");
    assertThat(reader(null).locationFor(app(Map.of("spark.eventLog.dir", "s3a://x/")), null))
        .isEmpty();
  }

  @Test
  void readsAndAnalysesTheRunsLogFromItsEventLogDirectory(@TempDir Path dir) throws Exception {
    Files.copy(
        Path.of("../remediation/src/test/resources/eventlogs/skewed-join-noaqe__" + APP_ID),
        dir.resolve(APP_ID));
    SparkApplication app =
        app(Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", dir.toUri().toString()));

    Optional<EventLogAnalysis> analysis = reader(null).read(app, null);

    assertThat(analysis).isPresent();
    assertThat(analysis.get().skews())
        .singleElement()
        .satisfies(s -> assertThat(s.stageId()).isEqualTo(2));
    assertThat(metrics.scrape()).contains("sparkmedic_eventlog_analysis_seconds_count 1");
  }

  @Test
  void aMissingOrUnreadableLogIsNoEvidenceNotAFailure(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(APP_ID), "garbage\\n");

    assertThat(reader(dir.toString()).read(app(Map.of()), null)).isEmpty();
    assertThat(reader(dir.resolve("nothing-here").toString()).read(app(Map.of()), null)).isEmpty();
  }
}
