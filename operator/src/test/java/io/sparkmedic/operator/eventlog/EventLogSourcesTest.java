package io.sparkmedic.operator.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Each kind of source reads to the same analysis as the log file itself. */
class EventLogSourcesTest {

  @TempDir Path dir;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private EventLogSources sources(S3Client s3) {
    return new EventLogSources(
        EventLogSourceSettings.DEFAULTS,
        () -> s3,
        HttpClient.newHttpClient(),
        Clock.fixed(Instant.parse("2026-11-21T07:26:00Z"), ZoneOffset.UTC));
  }

  private static EventLogAnalysis analyze(EventLogSource source) throws EventLogException {
    try (source) {
      return source.analyze(new EventLogAnalyzer(), ProgressListener.NONE);
    }
  }

  private static void assertSkewedJoin(EventLogAnalysis a) {
    assertThat(a.skews())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.stageId()).isEqualTo(2);
              assertThat(s.maxBytes()).isEqualTo(19_671_447);
              assertThat(s.stragglerPartition()).isEqualTo(29);
            });
  }

  private static byte[] skewedJoin() {
    return EventLogResources.bytes(EventLogResources.SKEWED_JOIN);
  }

  /** The skewed-join log as rolling files, split at line boundaries, compressed with zstd. */
  private static List<byte[]> rollingParts(int parts) {
    String[] lines = new String(skewedJoin(), StandardCharsets.UTF_8).split("\n");
    int per = lines.length / parts + 1;
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      String[] slice =
          Arrays.copyOfRange(
              lines, Math.min(lines.length, i * per), Math.min(lines.length, (i + 1) * per));
      out.add(Zstd.compress((String.join("\n", slice) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void aPathIsAFileSource() throws Exception {
    Path log = EventLogResources.copy(EventLogResources.SKEWED_JOIN, dir);

    EventLogSource source = sources(null).open(log.toString());

    assertThat(source).isInstanceOf(FileEventLogSource.class);
    assertSkewedJoin(analyze(source));
  }

  @Test
  void anS3ObjectIsStreamedWithItsCodec() throws Exception {
    FakeS3 s3 = new FakeS3("logs");
    toClose.add(s3);
    s3.put("spark/app-20261121072501-0000.zstd", Zstd.compress(skewedJoin()));

    EventLogAnalysis a =
        analyze(sources(s3.client()).open("s3://logs/spark/app-20261121072501-0000.zstd"));

    assertSkewedJoin(a);
    assertThat(a.input().location()).isEqualTo("s3://logs/spark/app-20261121072501-0000.zstd");
  }

  @Test
  void anS3aRollingLogIsReadFromItsPrefixInIndexOrder() throws Exception {
    FakeS3 s3 = new FakeS3("logs");
    toClose.add(s3);
    List<byte[]> parts = rollingParts(11);
    for (int i = 0; i < parts.size(); i++) {
      s3.put("spark/eventlog_v2_app-1/events_" + (i + 1) + "_app-1.zstd", parts.get(i));
    }
    s3.put("spark/eventlog_v2_app-1/appstatus_app-1.inprogress", new byte[0]);

    EventLogAnalysis a = analyze(sources(s3.client()).open("s3a://logs/spark/eventlog_v2_app-1"));

    assertSkewedJoin(a);
    assertThat(a.input().files()).isEqualTo(11);
    assertThat(a.input().inProgress()).isTrue();
  }

  @Test
  void anApplicationsLogIsFoundUnderAnS3EventLogDirectory() throws Exception {
    FakeS3 s3 = new FakeS3("logs");
    toClose.add(s3);
    s3.put("spark/app-1.zstd", Zstd.compress(skewedJoin()));
    s3.put("spark/app-10.zstd", new byte[] {1});

    EventLogSource source = sources(s3.client()).locate("s3://logs/spark/", "app-1").orElseThrow();

    assertThat(source.location()).isEqualTo("s3://logs/spark/app-1.zstd");
    assertSkewedJoin(analyze(source));
  }

  @Test
  void aMissingS3ObjectIsAClearError() {
    FakeS3 s3 = new FakeS3("logs");
    toClose.add(s3);

    assertThatThrownBy(() -> analyze(sources(s3.client()).open("s3://logs/nope")))
        .isInstanceOf(EventLogException.class)
        .hasMessage("s3://logs/nope: no such object or prefix");
  }

  @Test
  void anApplicationsLogIsFoundInAMountedEventLogDirectory() throws Exception {
    Files.write(dir.resolve("app-20261121072501-0000"), skewedJoin());
    Files.write(dir.resolve("app-20261121072501-00001"), new byte[] {1});

    EventLogSource source =
        sources(null).locate(dir.toString(), "app-20261121072501-0000").orElseThrow();

    assertSkewedJoin(analyze(source));
    assertThat(sources(null).locate(dir.toString(), "app-99")).isEmpty();
  }

  @Test
  void aHistoryServerServesTheLogAsAZipOfARollingLog() throws Exception {
    FakeHttpServer shs = new FakeHttpServer();
    toClose.add(shs);
    shs.on(
        "/api/v1/applications/app-1",
        FakeHttpServer.Response.json("{\"id\":\"app-1\",\"attempts\":[{\"completed\":true}]}"));
    shs.on("/api/v1/applications/app-1/logs", FakeHttpServer.Response.bytes(zipOfRolling()));

    EventLogSource source = sources(null).open(shs.uri() + "/history/app-1/jobs/");

    assertThat(source).isInstanceOf(HistoryServerEventLogSource.class);
    EventLogAnalysis a = analyze(source);
    assertSkewedJoin(a);
    assertThat(a.input().files()).isEqualTo(3);
  }

  @Test
  void aHistoryServerAttemptIsNamedInTheLogsPath() throws Exception {
    FakeHttpServer shs = new FakeHttpServer();
    toClose.add(shs);
    shs.on(
        "/api/v1/applications/app-1",
        FakeHttpServer.Response.json(
            "{\"id\":\"app-1\",\"attempts\":[{\"attemptId\":\"2\"},{\"attemptId\":\"1\"}]}"));
    shs.on("/api/v1/applications/app-1/2/logs", FakeHttpServer.Response.bytes(zipOfSingle()));

    assertSkewedJoin(analyze(sources(null).open(shs.uri() + "/api/v1/applications/app-1")));
  }

  @Test
  void aHistoryServerWithManyApplicationsAsksForOne() {
    FakeHttpServer shs = new FakeHttpServer();
    toClose.add(shs);
    shs.on(
        "/api/v1/applications",
        FakeHttpServer.Response.json("[{\"id\":\"app-2\"},{\"id\":\"app-1\"}]"));

    assertThatThrownBy(() -> sources(null).open(shs.uri().toString()))
        .hasMessageContaining(
            "serves 2 applications; name one, e.g. " + shs.uri() + "/history/app-2");
  }

  @Test
  void aRunningDriversUiGivesStageSummariesAndTheStragglerFromTheTaskList() throws Exception {
    FakeHttpServer driver = new FakeHttpServer();
    toClose.add(driver);
    String appId = new FakeSparkUi(skewedJoin()).serveOn(driver);

    EventLogSource source = sources(null).open(driver.uri().toString());

    assertThat(source).isInstanceOf(DriverUiStageSource.class);
    EventLogAnalysis a = analyze(source);
    assertThat(a.application().id()).isEqualTo(appId);
    assertThat(a.application().ended()).isFalse();
    assertThat(a.stages()).hasSize(3);
    assertThat(a.stages().get(2).distribution(TaskMetric.SHUFFLE_READ_BYTES).median())
        .isEqualTo(251_650);
    assertThat(a.stages().get(2).sqlExecutionId()).isZero();
    StageSkew skew = a.skews().get(0);
    assertThat(skew.stageId()).isEqualTo(2);
    assertThat(skew.maxBytes()).isEqualTo(19_671_447);
    assertThat(skew.stragglerPartition()).isEqualTo(29);
    assertThat(a.model().cluster().peakExecutors()).isEqualTo(2);
    assertThat(a.application().sparkProperties())
        .doesNotContainKey("spark.hadoop.fs.s3a.secret.key");
    assertThat(a.whatIf().points()).isEmpty();
    assertThat(driver.requests).noneMatch(r -> r.contains("details=true"));
    assertThat(driver.requests)
        .filteredOn(r -> r.contains("/taskList"))
        .containsExactly(
            "GET /api/v1/applications/" + appId + "/stages/2/0/taskList?offset=0&length=32");
  }

  @Test
  void anUnreachableUiIsAOneLineError() throws Exception {
    FakeHttpServer gone = new FakeHttpServer();
    String url = gone.uri().toString();
    gone.close();

    assertThatThrownBy(() -> sources(null).open(url + "/history/app-1"))
        .isInstanceOf(EventLogException.class)
        .hasMessageStartingWith(url + "/api/v1/applications/app-1: ")
        .hasMessageNotContaining("\n");
  }

  private static byte[] zipOfRolling() throws IOException {
    List<byte[]> parts = rollingParts(3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      // Entries in name order, as a History Server lists them: not the order to read them in.
      for (int i : new int[] {3, 1, 2}) {
        zip.putNextEntry(new ZipEntry("eventlog_v2_app-1/events_" + i + "_app-1.zstd"));
        zip.write(parts.get(i - 1));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("eventlog_v2_app-1/appstatus_app-1"));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] zipOfSingle() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("app-1_2.zstd"));
      zip.write(Zstd.compress(skewedJoin()));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void theHttpTimeoutIsASetting() {
    assertThat(EventLogSourceSettings.DEFAULTS.httpTimeout()).isEqualTo(Duration.ofSeconds(30));
  }
}
