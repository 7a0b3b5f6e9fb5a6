package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.operator.eventlog.EventLogResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  private static Run sparkmedic(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private String log(String name) {
    return EventLogResources.copy(name, dir).toString();
  }

  @Test
  void jsonHasTheApplicationStagesFindingsAndWhatIf() throws IOException {
    Run run = sparkmedic("analyze", log(EventLogResources.SKEWED_JOIN), "-o", "json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode json = run.json();
    assertThat(json.at("/application/id").asText()).isEqualTo("app-20261121072501-0000");
    assertThat(json.at("/application/sparkVersion").asText()).isEqualTo("3.5.5");
    JsonNode stage2 = json.at("/stages/2");
    assertThat(stage2.get("stageId").asInt()).isEqualTo(2);
    assertThat(stage2.get("attemptId").asInt()).isZero();
    assertThat(stage2.get("numTasks").asInt()).isEqualTo(32);
    assertThat(stage2.at("/distributions/shuffleReadBytes/median").asLong()).isEqualTo(251_650);
    assertThat(stage2.at("/distributions/shuffleReadBytes/p75").asLong()).isEqualTo(253_044);
    assertThat(stage2.at("/distributions/shuffleReadBytes/max").asLong()).isEqualTo(19_671_447);
    assertThat(stage2.at("/distributions/durationMs/max").asLong()).isEqualTo(4562);
    assertThat(json.get("findings")).hasSize(1);
    JsonNode skew = json.at("/findings/0");
    assertThat(skew.get("type").asText()).isEqualTo("DATA_SKEW");
    assertThat(skew.get("severity").asText()).isEqualTo("SEVERE");
    assertThat(skew.get("stageIds").toString()).isEqualTo("[2]");
    assertThat(skew.get("evidence").size()).isGreaterThanOrEqualTo(3);
    assertThat(skew.at("/skew/stragglerPartition").asInt()).isEqualTo(29);
    assertThat(skew.at("/skew/joinKeys/0").asText()).isEqualTo("key = key");
    assertThat(skew.at("/recommendations/0/sparkConf/spark.sql.adaptive.skewJoin.enabled").asText())
        .isEqualTo("true");
    List<Integer> executors = new ArrayList<>();
    json.get("whatIf").forEach(w -> executors.add(w.get("executors").asInt()));
    assertThat(executors).containsExactly(1, 2, 4, 8);
  }

  @Test
  void everyFindingTypeUsesTheStableNames() throws IOException {
    Run spill =
        sparkmedic(
            "analyze", log("too-few-partitions-spill__app-20261121072638-0000"), "-o", "json");
    Run failures =
        sparkmedic("analyze", log("failed-task-retry__app-20261121072959-0000"), "-o", "json");
    Run oom = sparkmedic("analyze", log(EventLogResources.OOM), "-o", "json");

    List<String> types = new ArrayList<>();
    for (Run r : List.of(spill, failures, oom)) {
      r.json().get("findings").forEach(f -> types.add(f.get("type").asText()));
    }
    assertThat(types)
        .contains("SPILL", "TOO_FEW_PARTITIONS", "TASK_FAILURES", "GC_PRESSURE")
        .doesNotContain("DATA_SKEW");
    assertThat(failures.json().at("/findings/0/summary").asText())
        .startsWith("4 task attempts failed");
  }

  @Test
  void textShowsTheStageTableFindingsRecommendationsAndWhatIf() {
    Run run = sparkmedic("analyze", log(EventLogResources.SKEWED_JOIN));

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Application app-20261121072501-0000 \"skewed-join-no-aqe\", Spark 3.5.5")
        .contains("Stages (over successful tasks: median / p75 / max)")
        .contains("2.0    COMPLETE  32")
        .contains("DATA_SKEW (SEVERE) stage 2: Stage 2.0 is skewed: partition 29")
        .contains("--conf spark.sql.adaptive.enabled=true")
        .contains("What if (predicted wall time by executor count")
        .contains("2 (this run)");
  }

  @Test
  void theHealthyJobHasNoFindings() {
    Run run = sparkmedic("analyze", log(EventLogResources.HEALTHY));

    assertThat(run.out()).contains("Findings: none");
  }

  @Test
  void aCompressedLogIsAnalysedLikeAPlainOne() throws IOException {
    Run run = sparkmedic("analyze", log(EventLogResources.ZSTD), "-o", "json");

    assertThat(run.json().at("/findings/0/skew/maxBytes").asLong()).isEqualTo(10_314_963);
    assertThat(run.json().at("/input/decodedBytes").asLong()).isEqualTo(617_251);
  }

  @Test
  void aMissingFileIsAOneLineErrorAndExit2() {
    Run run = sparkmedic("analyze", "does/not/exist");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("sparkmedic analyze: does/not/exist: no such file or directory");
  }

  @Test
  void garbageIsAOneLineErrorAndExit2() throws IOException {
    Path garbage = dir.resolve("garbage.bin");
    Files.write(garbage, new byte[] {0x00, 0x13, 0x7f, 0x42, 0x11, 0x01});

    Run run = sparkmedic("analyze", garbage.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("sparkmedic analyze: garbage.bin: not a Spark event log");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aKubernetesDumpIsNotAnEventLog() throws IOException {
    Path yaml = dir.resolve("pods.json");
    Files.writeString(yaml, "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[]}\n");

    Run run = sparkmedic("analyze", yaml.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("not a Spark event log (line 1 is JSON but not a Spark listener event");
  }

  @Test
  void largeLogsShowAProgressLineOnStandardError() {
    StringWriter err = new StringWriter();
    AnalyzeCommand.Progress progress = new AnalyzeCommand.Progress(new PrintWriter(err), true);

    progress.progress(64L << 20, 256L << 20, 512L << 20, 1_234_567);

    assertThat(err.toString().strip())
        .isEqualTo(
            "sparkmedic analyze: 25% (64.0 MiB of 256 MiB), 512 MiB of JSON, 1,234,567 events");
  }

  @Test
  void noArgumentIsAUsageErrorNotAStackTrace() {
    Run run = sparkmedic("analyze");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("Missing required parameter: 'LOG'");
  }
}
