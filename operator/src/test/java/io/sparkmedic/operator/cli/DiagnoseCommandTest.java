package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnoseCommandTest {

  private static final Path DUMPS = Path.of("src/test/resources/dumps");

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

  private static String dump(String path) {
    return DUMPS.resolve(path).toString();
  }

  @Test
  void anExecutorKilledOomKilledWithExit137IsAnExecutorContainerOom() throws IOException {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("executor-oom/app.yaml"),
            "--pods",
            dump("executor-oom/pods.yaml"),
            "-o",
            "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/primary/category").asText()).isEqualTo("EXECUTOR_CONTAINER_OOM");
    assertThat(json.at("/retryable").asBoolean()).isTrue();
    assertThat(json.at("/diagnoses/0/category").asText()).isEqualTo("EXECUTOR_CONTAINER_OOM");
    assertThat(json.at("/diagnoses/0/evidence/0").asText())
        .startsWith("2 of 2 executor terminations had reason OOMKilled (exit code 137)")
        .contains("executor 1 (pod spark-etl-8d3b7a93f1c94e2a-exec-1)");
    assertThat(json.at("/inputs/containerTerminations").asInt()).isEqualTo(3);
    assertThat(json.has("plan")).isFalse();
  }

  @Test
  void anExecutorThatExited52WithAHeapOomInTheDriverLogIsAnExecutorHeapOom() throws IOException {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("executor-heap-oom/app.yaml"),
            "--pods",
            dump("executor-heap-oom/pods.yaml"),
            "--driver-log",
            dump("executor-heap-oom/driver.log"),
            "-o",
            "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/primary/category").asText()).isEqualTo("EXECUTOR_HEAP_OOM");
    assertThat(json.at("/primary/confidence").asText()).isEqualTo("HIGH");
    assertThat(json.at("/primary/evidence").toString())
        .contains("exited with code 52")
        .contains("Java heap space");
  }

  @Test
  void exit137WithoutOomKilledIsNotCalledMemory() throws IOException {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("sigkill-no-oom/app.yaml"),
            "--pods",
            dump("sigkill-no-oom/pods.yaml"),
            "-o",
            "json");

    assertThat(run.json().at("/primary/category").asText()).isEqualTo("UNKNOWN");
    assertThat(run.json().at("/primary/confidence").asText()).isEqualTo("LOW");
  }

  @Test
  void withAPolicyThePlanNamesEachChangeFromToAndWhy() throws IOException {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("executor-oom/app.yaml"),
            "--pods",
            dump("executor-oom/pods.yaml"),
            "--policy",
            dump("policy.yaml"),
            "-o",
            "json");

    JsonNode plan = run.json().get("plan");
    assertThat(plan.get("decision").asText()).isEqualTo("RESUBMIT");
    assertThat(plan.at("/changes/0/path").asText()).isEqualTo("spec.executor.memoryOverhead");
    assertThat(plan.at("/changes/0/from").isNull()).isTrue();
    assertThat(plan.at("/changes/0/to").asText()).isEqualTo("1229m");
    assertThat(plan.at("/changes/0/reason").asText())
        .contains("819m (Spark's default max(0.10 × 8g, 384m))");
  }

  @Test
  void podsMayComeInTheSameFileAsTheApplication(@TempDir Path dir) throws IOException {
    Path both = dir.resolve("both.yaml");
    Files.writeString(
        both,
        Files.readString(DUMPS.resolve("executor-oom/app.yaml"))
            + "\n---\n"
            + Files.readString(DUMPS.resolve("executor-oom/pods.yaml")));

    Run run = sparkmedic("diagnose", "--app", both.toString(), "-o", "json");

    assertThat(run.json().at("/primary/category").asText()).isEqualTo("EXECUTOR_CONTAINER_OOM");
  }

  @Test
  void textOutputExplainsTheDiagnosisAndThePlan() {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("executor-oom/app.yaml"),
            "--pods",
            dump("executor-oom/pods.yaml"),
            "--policy",
            dump("policy.yaml"));

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Application team-a/spark-etl: FAILED — driver container failed with ExitCode: 1")
        .contains("Diagnosis: EXECUTOR_CONTAINER_OOM (confidence HIGH, retryable)")
        .contains("spec.executor.memoryOverhead: (unset) → 1229m");
  }

  @Test
  void anEventLogShowingTheSkewMakesItTheCauseOfTheHeapOom() throws IOException {
    Run run =
        sparkmedic(
            "diagnose",
            "--app",
            dump("executor-heap-oom/app.yaml"),
            "--pods",
            dump("executor-heap-oom/pods.yaml"),
            "--event-log",
            "../remediation/src/test/resources/eventlogs/skewed-join-noaqe__app-20261121072501-0000",
            "--policy",
            dump("policy.yaml"),
            "-o",
            "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/inputs/eventLog").asBoolean()).isTrue();
    assertThat(json.at("/diagnoses").toString()).contains("DATA_SKEW").contains("in partition 29");
  }

  @Test
  void anUnreadableEventLogIsAOneLineError(@TempDir Path dir) throws IOException {
    Path garbage = dir.resolve("app-20261121000000-0000");
    Files.writeString(garbage, "this is not an event log\n");

    Run run =
        sparkmedic(
            "diagnose", "--app", dump("executor-oom/app.yaml"), "--event-log", garbage.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void aMissingFileIsAOneLineErrorAndANonZeroExit() {
    Run run = sparkmedic("diagnose", "--app", "does/not/exist.yaml");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("sparkmedic diagnose: does/not/exist.yaml: no such file");
  }

  @Test
  void garbageInputIsAOneLineError(@TempDir Path dir) throws IOException {
    Path garbage = dir.resolve("garbage.yaml");
    Files.write(garbage, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x7b, 0x22, 0x3a});

    Run run = sparkmedic("diagnose", "--app", garbage.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("sparkmedic diagnose: ");
  }

  @Test
  void aFileWithoutASparkApplicationSaysWhatItFound() {
    Run run = sparkmedic("diagnose", "--app", dump("executor-oom/pods.yaml"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("expected exactly one SparkApplication, found 0 (kinds: Pod)");
  }

  @Test
  void anUnknownFlagIsAOneLineErrorNotAStackTrace() {
    Run run = sparkmedic("diagnose", "--app", dump("executor-oom/app.yaml"), "--frobnicate");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void anInvalidPolicyIsReportedWithItsProblems(@TempDir Path dir) throws IOException {
    Path policy = dir.resolve("bad-policy.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: sparkmedic.io/v1alpha1
        kind: TuningPolicy
        metadata: {name: bad, namespace: team-a}
        spec:
          selector: {}
          rules:
          - {category: EXECUTOR_GREMLINS, factor: 1.5}
          ceilings: {executorMemory: 1.5g}
        """);

    Run run =
        sparkmedic(
            "diagnose", "--app", dump("executor-oom/app.yaml"), "--policy", policy.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("spec.rules[0].category \"EXECUTOR_GREMLINS\" is not a diagnosis category")
        .contains("spec.ceilings.executorMemory: Fractional values are not supported");
  }
}
