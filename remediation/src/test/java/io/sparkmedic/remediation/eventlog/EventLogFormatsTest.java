package io.sparkmedic.remediation.eventlog;

import static io.sparkmedic.remediation.eventlog.RealEventLogs.SKEWED_AGG;
import static io.sparkmedic.remediation.eventlog.RealEventLogs.SKEWED_JOIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import io.sparkmedic.remediation.eventlog.model.StageStatus;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/** Every shape an event log comes in reads to the same analysis; garbage gives one-line errors. */
class EventLogFormatsTest {

  @TempDir Path dir;

  private static final EventLogAnalyzer ANALYZER = new EventLogAnalyzer();

  private static byte[] plain() throws IOException {
    return Files.readAllBytes(SKEWED_JOIN);
  }

  /** The facts a log must yield however it is stored. */
  private static void assertSkewedJoin(EventLogAnalysis a) {
    assertThat(a.stages()).hasSize(3);
    assertThat(a.skews())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.stageId()).isEqualTo(2);
              assertThat(s.medianBytes()).isEqualTo(251_650);
              assertThat(s.maxBytes()).isEqualTo(19_671_447);
              assertThat(s.stragglerPartition()).isEqualTo(29);
            });
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static byte[] compress(String codec, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out =
        switch (codec) {
          case "lz4" -> new LZ4BlockOutputStream(bytes, 32 * 1024);
          case "snappy" -> new SnappyOutputStream(bytes, 32 * 1024);
          case "snappy-framed" -> new SnappyFramedOutputStream(bytes);
          case "gz" -> new GZIPOutputStream(bytes);
          default -> throw new IllegalArgumentException(codec);
        }) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** Spark's zstd codec writes one frame per flush: several frames, concatenated. */
  private static byte[] zstdFrames(byte[] data, int frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int step = data.length / frames + 1;
    for (int from = 0; from < data.length; from += step) {
      byte[] chunk = Arrays.copyOfRange(data, from, Math.min(data.length, from + step));
      out.writeBytes(Zstd.compress(chunk));
    }
    return out.toByteArray();
  }

  @Test
  void aPlainLogIsRead() throws Exception {
    EventLogAnalysis a = ANALYZER.analyze(SKEWED_JOIN);

    assertSkewedJoin(a);
    assertThat(a.input().decodedBytes()).isEqualTo(486_027);
  }

  @Test
  void zstdWithSeveralConcatenatedFramesIsRead() throws Exception {
    Path log = write("app-1.zstd", zstdFrames(plain(), 7));

    EventLogAnalysis a = ANALYZER.analyze(log);

    assertSkewedJoin(a);
    assertThat(a.input().decodedBytes()).isEqualTo(486_027);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lz4", "snappy", "snappy-framed", "gz"})
  void sparksOtherCodecsAndGzipAreRead(String codec) throws Exception {
    String suffix = codec.startsWith("snappy") ? "snappy" : codec;
    Path log = write("app-1." + suffix, compress(codec, plain()));

    assertSkewedJoin(ANALYZER.analyze(log));
  }

  @Test
  void theCodecIsRecognisedByItsMagicWhateverTheName() throws Exception {
    Path log = write("app-1", zstdFrames(plain(), 1));

    assertSkewedJoin(ANALYZER.analyze(log));
  }

  @Test
  void aStreamIsReadWithItsCodecFromTheMagic() throws Exception {
    byte[] lz4 = compress("lz4", plain());

    assertSkewedJoin(ANALYZER.analyze(new ByteArrayInputStream(lz4), "stdin"));
  }

  @Test
  void aRollingLogIsReadInIndexOrderNotNameOrder() throws Exception {
    Path rolling = rolling("eventlog_v2_app-1", 11, null, false);

    EventLogAnalysis a = ANALYZER.analyze(rolling);

    assertSkewedJoin(a);
    assertThat(a.input().files()).isEqualTo(11);
    assertThat(a.input().inProgress()).isFalse();
  }

  @Test
  void aCompressedRollingLogIsRead() throws Exception {
    Path rolling = rolling("eventlog_v2_app-2", 3, "zstd", false);

    assertSkewedJoin(ANALYZER.analyze(rolling));
  }

  @Test
  void aRollingLogsStatusMarkerSaysWhetherItIsInProgress() throws Exception {
    Path rolling = rolling("eventlog_v2_app-3", 2, null, true);

    assertThat(ANALYZER.analyze(rolling).input().inProgress()).isTrue();
  }

  @Test
  void rollingFilesAreReadFromTheLastCompactedOne() {
    List<String> order =
        EventLogFiles.rollingOrder(
            List.of(
                "events_10_app-1.zstd",
                "appstatus_app-1",
                "events_3_app-1.zstd.compact",
                "events_2_app-1.zstd.compact",
                "events_4_app-1.zstd",
                "events_9_app-1.zstd"));

    assertThat(order)
        .containsExactly(
            "events_3_app-1.zstd.compact",
            "events_4_app-1.zstd",
            "events_9_app-1.zstd",
            "events_10_app-1.zstd");
  }

  /** Splits the skewed-join log into {@code files} events_N files at line boundaries. */
  private Path rolling(String name, int files, String codec, boolean inProgress)
      throws IOException {
    Path d = Files.createDirectory(dir.resolve(name));
    List<String> lines = Files.readAllLines(SKEWED_JOIN, StandardCharsets.UTF_8);
    int per = lines.size() / files + 1;
    String appId = name.substring("eventlog_v2_".length());
    for (int i = 0; i < files; i++) {
      List<String> part =
          lines.subList(Math.min(lines.size(), i * per), Math.min(lines.size(), (i + 1) * per));
      byte[] bytes =
          (String.join("\n", part) + (part.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
      String file = "events_" + (i + 1) + "_" + appId + (codec == null ? "" : "." + codec);
      Files.write(d.resolve(file), codec == null ? bytes : zstdFrames(bytes, 2));
    }
    Files.createFile(d.resolve("appstatus_" + appId + (inProgress ? ".inprogress" : "")));
    return d;
  }

  @Test
  void anInProgressLogCutMidLineIsReadUpToItsLastCompleteEvent() throws Exception {
    byte[] all = plain();
    int cut =
        indexOf(all, "\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":2")
            + 300;
    Path log = write("app-1.inprogress", Arrays.copyOf(all, cut));

    EventLogAnalysis a = ANALYZER.analyze(log);

    assertThat(a.input().truncatedLastLine()).isTrue();
    assertThat(a.input().inProgress()).isTrue();
    assertThat(a.input().malformedLines()).isZero();
    assertThat(a.application().ended()).isFalse();
    StageSummary join = a.model().stage(2).orElseThrow();
    assertThat(join.status()).isEqualTo(StageStatus.ACTIVE);
    assertThat(join.tasks().succeeded()).isEqualTo(32);
    assertThat(join.distribution(TaskMetric.SHUFFLE_READ_BYTES).max()).isEqualTo(19_671_447);
  }

  @Test
  void aCompressedLogCutMidFrameIsReadUpToWhereItEnds() throws Exception {
    byte[] zstd = zstdFrames(plain(), 1);
    Path log = write("app-1.zstd.inprogress", Arrays.copyOf(zstd, zstd.length - 5000));

    EventLogAnalysis a = ANALYZER.analyze(log);

    assertThat(a.input().truncation()).contains("ends early");
    assertThat(a.input().decodedBytes()).isLessThan(486_027).isGreaterThan(100_000);
    assertThat(a.stages()).isNotEmpty();
  }

  @Test
  void aMultiFrameZstdLogCutInItsLastFrameIsReadToItsLastCompleteFrame() throws Exception {
    byte[] zstd = zstdFrames(plain(), 4);
    Path log = write("app-1.zstd.inprogress", Arrays.copyOf(zstd, zstd.length - 1000));

    EventLogAnalysis a = ANALYZER.analyze(log);

    // zstd ends the stream quietly at a frame boundary; what the whole frames hold is read.
    assertThat(a.input().decodedBytes()).isEqualTo(3 * (486_027 / 4 + 1));
    assertThat(a.input().truncatedLastLine()).isTrue();
    assertThat(a.stages()).isNotEmpty();
  }

  @Test
  void aMalformedLineInTheMiddleIsSkippedAndCounted() throws Exception {
    List<String> lines = Files.readAllLines(SKEWED_JOIN, StandardCharsets.UTF_8);
    lines.add(10, "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":");
    Path log = write("app-1", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

    EventLogAnalysis a = ANALYZER.analyze(log);

    assertThat(a.input().malformedLines()).isEqualTo(1);
    assertThat(a.input().firstMalformedLine()).isEqualTo(11);
    assertSkewedJoin(a);
  }

  @Test
  void eventsWhoseNameIsNotTheFirstFieldAndUnknownEventsAreHandled() throws Exception {
    String lines =
        "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.5\"}\n"
            + "{\"Timestamp\":5,\"App Name\":\"x\",\"App ID\":\"app-9\",\"Event\":"
            + "\"SparkListenerApplicationStart\"}\n"
            + "{\"Event\":\"com.example.MyOwnEvent\",\"payload\":[1,2,3]}\n"
            + "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":25}\n";
    Path log = write("app-9", lines.getBytes(StandardCharsets.UTF_8));

    EventLogAnalysis a = ANALYZER.analyze(log);

    assertThat(a.application().id()).isEqualTo("app-9");
    assertThat(a.application().durationMs()).isEqualTo(20);
    assertThat(a.input().ignoredEvents()).isEqualTo(1);
  }

  @Test
  void randomBytesAreNotAnEventLog() throws Exception {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    junk[0] = 0x13;
    Path log = write("junk.bin", junk);

    assertThatThrownBy(() -> ANALYZER.analyze(log))
        .isInstanceOf(EventLogException.class)
        .hasMessageStartingWith("junk.bin: not a Spark event log")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileNamedZstdThatIsNotZstdSaysSo() throws Exception {
    Path log =
        write("app-1.zstd", "PK\u0003\u0004 not zstd at all".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ANALYZER.analyze(log))
        .hasMessage("app-1.zstd: not zstd data (named .zstd, starts with 50 4b 03 04)");
  }

  @Test
  void jsonThatIsNotAnEventLogSaysSo() throws Exception {
    Path log =
        write("pod.json", "{\"kind\":\"Pod\",\"metadata\":{}}\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ANALYZER.analyze(log))
        .hasMessage(
            "pod.json: not a Spark event log (line 1 is JSON but not a Spark listener event: no"
                + " \"Event\" field)");
  }

  @Test
  void textThatIsNotJsonSaysSo() throws Exception {
    Path log = write("notes.txt", "{ this is not json\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ANALYZER.analyze(log))
        .hasMessage("notes.txt: not a Spark event log (line 1 is not JSON)");
  }

  @Test
  void anEmptyFileHasNoEvents() throws Exception {
    Path log = write("app-1.inprogress", new byte[0]);

    assertThatThrownBy(() -> ANALYZER.analyze(log)).hasMessageEndingWith(": empty (no events)");
  }

  @Test
  void aMissingPathAndADirectoryWithoutEventFilesAreClearErrors() throws Exception {
    assertThatThrownBy(() -> ANALYZER.analyze(dir.resolve("nope")))
        .hasMessageEndingWith("nope: no such file or directory");
    Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> ANALYZER.analyze(dir.resolve("empty")))
        .hasMessageContaining("a directory without events_N_<appId> files");
  }

  @Test
  void aCompressedFileCutShortInTheMiddleOfARollingLogIsAnError() throws Exception {
    Path d = Files.createDirectory(dir.resolve("eventlog_v2_app-5"));
    byte[] whole = zstdFrames(Files.readAllBytes(SKEWED_AGG), 1);
    Files.write(d.resolve("events_1_app-5.zstd"), Arrays.copyOf(whole, whole.length / 2));
    Files.write(d.resolve("events_2_app-5.zstd"), whole);

    assertThatThrownBy(() -> ANALYZER.analyze(d))
        .isInstanceOf(EventLogException.class)
        .hasMessage("events_1_app-5.zstd: cannot read (Truncated source)");
  }

  private static int indexOf(byte[] haystack, String needle) {
    String s = new String(haystack, StandardCharsets.UTF_8);
    int i = s.indexOf(needle);
    if (i < 0) {
      throw new IllegalStateException("not found: " + needle);
    }
    return s.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
  }
}
