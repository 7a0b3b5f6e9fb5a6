package io.sparkmedic.operator.cli.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicyStatus;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import io.sparkmedic.operator.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kubectl sparkmedic history|explain|policies} against the embedded API server, holding
 * applications, records and policies as the operator and the Kubeflow Spark operator write them
 * (fixtures in {@code kubectl-plugin/}, the policies of {@code examples/}).
 */
class KubectlPluginTest {

  private static final String NS = "team-a";
  private static final YAMLMapper YAML = new YAMLMapper();

  private EmbeddedApiServer api;

  @BeforeEach
  void startApiServer() {
    api = EmbeddedApiServer.start();
    api.createNamespace(NS);
  }

  @AfterEach
  void stopApiServer() {
    api.close();
  }

  /** What a run printed, and its exit code. */
  record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs {@code sparkmedic kubectl ARGS} with clients of the embedded server. */
  private Run kubectl(String... args) {
    return kubectl(context -> api.createClient(b -> {}), args);
  }

  private Run kubectl(Function<String, KubernetesClient> clients, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new KubectlCommand(clients))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  // --- history ----------------------------------------------------------------------------------

  @Test
  void historyShowsEachFailedRunWithItsRemediationThenTheRunThatCompleted() {
    apply("kubectl-plugin/in-place.yaml");

    Run run = kubectl("history", "nightly-etl", "-n", NS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines())
        .containsExactly(
            "nightly-etl (team-a) — COMPLETED",
            "├─ run 0c6a2b4e… FAILED: EXECUTOR_CONTAINER_OOM (HIGH) → Resubmit",
            "│    attempt 1, policy team-a-default, record nightly-etl-5f1c2d3e",
            "│    spec.executor.memoryOverhead: (unset) → 1229m",
            "│    outcome: Failed — The retry failed too.",
            "├─ run 7d1e9a42… FAILED: EXECUTOR_CONTAINER_OOM (HIGH) → Resubmit",
            "│    attempt 2, policy team-a-default, record nightly-etl-a81b7c90",
            "│    spec.executor.memoryOverhead: 1229m → 1844m",
            "│    outcome: Succeeded — The retry completed.",
            "└─ run 9e4d2c71… COMPLETED");
  }

  @Test
  void historyFollowsTheJobIntoTheRetryApplicationsItCreated() {
    apply("kubectl-plugin/new-application.yaml");

    Run original = kubectl("history", "sessions", "-n", NS);

    assertThat(original.exitCode()).as(original.err()).isZero();
    assertThat(original.lines())
        .containsExactly(
            "sessions (team-a) — FAILED",
            "└─ run 3c8e5f1a… FAILED: SPOT_INTERRUPTION (HIGH) → Resubmit as sessions-r1",
            "     attempt 1, policy sla-first, record sessions-4e2b9a1c",
            "     spec.driver.template.spec.affinity.nodeAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution: (unset)"
                + " → nodes with karpenter.sh/capacity-type in (on-demand)",
            "     spec.executor.template.spec.affinity.nodeAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution: (unset)"
                + " → nodes with karpenter.sh/capacity-type in (on-demand)",
            "     outcome: Failed — The retry failed too.",
            "",
            "sessions-r1 (team-a) — FAILED, retry of sessions",
            "└─ run e5b8d2f1… FAILED: USER_CODE_ERROR (HIGH) → None",
            "     attempt 2, policy sla-first, record sessions-r1-90c3f7d2",
            "     outcome: NotRetryable — USER_CODE_ERROR is not retryable: another run would fail"
                + " the same way.");
    assertThat(kubectl("history", "sessions-r1", "-n", NS).out())
        .as("asked about the retry, the whole job is shown")
        .isEqualTo(original.out());
  }

  @Test
  void historyOfAFailedRunNobodyDecidedAboutSaysWhy() {
    SparkApplication app = application("adhoc-report", Map.of());
    app.setStatus(
        YAML.convertValue(
            Map.of(
                "applicationState",
                Map.of("state", "FAILED", "errorMessage", "driver pod not found"),
                "submissionID",
                "41d0c3e9-8b7a-4f6e-9d5c-2b1a0f9e8d7c"),
            io.sparkmedic.crds.spark.SparkApplicationStatus.class));
    create(app);

    Run run = kubectl("history", "adhoc-report", "-n", NS);

    assertThat(run.lines())
        .containsExactly(
            "adhoc-report (team-a) — FAILED",
            "└─ run 41d0c3e9… FAILED",
            "     no SparkRemediation: no TuningPolicy selects it, the policy is invalid, or the"
                + " decision is still to come (see the application's Events)");
  }

  @Test
  void anUnknownApplicationIsOneLineAndExitCode1() {
    apply("kubectl-plugin/in-place.yaml");

    Run run = kubectl("history", "nightly-elt", "-n", NS);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("sparkmedic: no SparkApplication \"nightly-elt\" in namespace \"team-a\"\n");
    assertThat(kubectl("explain", "nightly-etl", "-n", "team-b").err())
        .isEqualTo("sparkmedic: no SparkApplication \"nightly-etl\" in namespace \"team-b\"\n");
  }

  @Test
  void anApiServerThatCannotBeReachedIsOneLineAndExitCode1() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String server = "https://127.0.0.1:" + closedPort + "/";
    Function<String, KubernetesClient> unreachable =
        context ->
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl(server)
                        .withNamespace(NS)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();

    Run run = kubectl(unreachable, "history", "nightly-etl");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("sparkmedic: cannot reach the Kubernetes API at " + server + " (")
        .hasLineCount(1);
  }

  @Test
  void aMissingApplicationArgumentIsAUsageError() {
    Run run = kubectl("history", "-n", NS);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'APP'");
  }

  @Test
  void theNamespaceDefaultsToTheKubeconfigContexts() {
    apply("kubectl-plugin/in-place.yaml");
    Function<String, KubernetesClient> contextInTeamA =
        context ->
            api.createClient(
                b ->
                    b.withConfig(
                        new ConfigBuilder(api.client().getConfiguration())
                            .withNamespace(NS)
                            .build()));

    Run run = kubectl(contextInTeamA, "history", "nightly-etl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines()).first().isEqualTo("nightly-etl (team-a) — COMPLETED");
  }

  // --- explain ----------------------------------------------------------------------------------

  @Test
  void explainShowsTheLatestDecisionWithEvidenceChangesAndOutcome() {
    apply("kubectl-plugin/in-place.yaml");

    Run run = kubectl("explain", "nightly-etl", "-n", NS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines())
        .containsExactly(
            "nightly-etl (team-a), attempt 2: record nightly-etl-a81b7c90",
            "Failed run: 7d1e9a42-5b3c-4f0e-a8d1-2c6b9e4f1a73",
            "Spark operator said: driver container failed with ExitCode: 1, Reason: Error",
            "Policy: team-a-default (InPlace, backoff 30s)",
            "",
            "Diagnosis: EXECUTOR_CONTAINER_OOM (HIGH, retryable)",
            "  Executor containers used more memory than heap + overhead and were OOM-killed: the"
                + " off-heap part (overhead) is too small.",
            "  Evidence:",
            "  - 1 of 2 executor terminations had reason OOMKilled (exit code 137): executor 2 (pod"
                + " nightly-etl-3a9c0e51d2b64f17-exec-2).",
            "  - Executor containers were sized heap 8g (spec.executor.memory) + overhead 1229m"
                + " (spec.executor.memoryOverhead) = 9421m; the kernel killed it for going over.",
            "",
            "Other diagnoses: none",
            "",
            "Plan: Resubmit — For EXECUTOR_CONTAINER_OOM: raise executor memoryOverhead to 1844m.",
            "  spec.executor.memoryOverhead: 1229m → 1844m",
            "    EXECUTOR_CONTAINER_OOM: Executor memoryOverhead was 1229m"
                + " (spec.executor.memoryOverhead); ×1.5 gives 1844m, so each executor container"
                + " gets 10036m (heap 8g + overhead 1844m).",
            "",
            "Outcome: Succeeded — The retry completed.",
            "  applied 2026-11-20T22:58:43Z, finished 2026-11-20T23:31:10Z, retry run"
                + " 9e4d2c71-b0a8-4f6c-9d2e-3f4a5b6c7d8e");
  }

  @Test
  void explainShowsOtherDiagnosesAndAdviceOfAnEarlierAttempt() {
    apply("kubectl-plugin/new-application.yaml");

    Run run = kubectl("explain", "sessions-r1", "-n", NS, "--attempt", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("sessions (team-a), attempt 1: record sessions-4e2b9a1c\n")
        .contains("Policy: sla-first (NewApplication, backoff 5s)\n")
        .contains(
            "\nOther diagnoses:\n"
                + "  SHUFFLE_FETCH_FAILURE (MEDIUM, retryable)\n"
                + "    Reducers could not fetch shuffle output that lost executors had written;"
                + " enabling decommissioning with shuffle migration (or shuffle tracking) keeps it.\n"
                + "    Evidence:\n"
                + "    - The driver log has 3 shuffle fetch failure lines, first:"
                + " FetchFailedException: Failed to connect to /10.0.44.151:7337.\n")
        .contains(
            "  spec.executor.template.spec.affinity.nodeAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution: (unset) → nodes with"
                + " karpenter.sh/capacity-type in (on-demand)\n"
                + "    SPOT_INTERRUPTION: after 1 spot loss, the executors must run on nodes with"
                + " karpenter.sh/capacity-type in [on-demand] (on-demand capacity), through the pod"
                + " template, which needs no webhook.\n")
        .contains(
            "\nAdvice (not applied by Sparkmedic):\n"
                + "  - Set spark.decommission.enabled=true, spark.storage.decommission.enabled=true"
                + " and spark.storage.decommission.shuffleBlocks.enabled=true: executors on a"
                + " reclaimed spot node then hand their shuffle data over during the 2-minute notice"
                + " instead of losing it.\n")
        .endsWith(
            "\nOutcome: Failed — The retry failed too.\n"
                + "  applied 2026-11-20T22:05:38Z, finished 2026-11-20T22:11:03Z, retry application"
                + " sessions-r1\n");
  }

  @Test
  void explainOfANotRetryableFailureShowsNoChangeAndTheVerdict() {
    apply("kubectl-plugin/new-application.yaml");

    Run run = kubectl("explain", "sessions-r1", "-n", NS);

    assertThat(run.out())
        .contains("Diagnosis: USER_CODE_ERROR (HIGH, not retryable)\n")
        .contains(
            "\nPlan: None (NotRetryable) — USER_CODE_ERROR is not retryable: another run would"
                + " fail the same way.\n  no change to the application\n")
        .doesNotContain("Advice");
  }

  @Test
  void explainOfAnApplicationWithoutRecordsSaysSo() {
    create(application("adhoc-report", Map.of()));

    Run run = kubectl("explain", "adhoc-report", "-n", NS);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "No SparkRemediation about adhoc-report: it has not failed while Sparkmedic watched it,"
                + " or no TuningPolicy selects it (see `policies`).\n");
  }

  @Test
  void explainOfAnAttemptTheJobNeverMadeIsExitCode1() {
    apply("kubectl-plugin/in-place.yaml");

    Run run = kubectl("explain", "nightly-etl", "-n", NS, "--attempt", "7");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "sparkmedic: the job of nightly-etl has no attempt 7 (see `history nightly-etl`)\n");
  }

  // --- policies ---------------------------------------------------------------------------------

  @Test
  void policiesListsEachPolicyInWinningOrderWithTheApplicationsItGovernsNow() {
    for (String example : List.of("conservative", "cost-first", "sla-first")) {
      apply(Paths.get("..", "examples", example + ".yaml"));
    }
    ready("sla-first", "True", "Valid", "The policy is valid and in effect.");
    ready("cost-first", "False", "Invalid", "ceilings.totalMemory: 256g is below one executor");
    create(application("orders-hourly", Map.of("sla", "critical", "tier", "batch")));
    create(application("backfill-2024", Map.of("tier", "backfill")));
    create(application("nightly-etl", Map.of("sparkmedic.io/remediate", "true")));
    create(application("adhoc-report", Map.of("team", "data")));

    Run run = kubectl("policies", "-n", NS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines())
        .containsExactly(
            "TuningPolicies in team-a, in the order they win (highest priority, then oldest):",
            "",
            "sla-first — Ready: True, mode Remediate, strategy InPlace, priority 100",
            "  selector: sla=critical",
            "  selects (1): orders-hourly",
            "",
            "cost-first — Ready: False, mode Remediate, strategy InPlace, priority 10",
            "  not ready (Invalid): ceilings.totalMemory: 256g is below one executor",
            "  selector: tier in (batch,backfill)",
            "  selects (1): backfill-2024",
            "  also matches (1), but a policy above wins: orders-hourly (→ sla-first)",
            "",
            "conservative — Ready: Unknown, mode Remediate, strategy NewApplication, priority 0",
            "  no status yet: is Sparkmedic running and watching team-a?",
            "  selector: sparkmedic.io/remediate=true",
            "  selects (1): nightly-etl",
            "",
            "Selected by no policy, left alone (1): adhoc-report");
  }

  @Test
  void policiesInANamespaceWithoutAnySaysEverythingIsLeftAlone() {
    create(application("adhoc-report", Map.of()));

    Run run = kubectl("policies", "-n", NS);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "No TuningPolicy in team-a: Sparkmedic leaves its 1 SparkApplication(s) alone.\n");
  }

  // --- the command line -------------------------------------------------------------------------

  @Test
  void sparkmedicHasTheKubectlCommandWithItsThreeSubcommands() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new String[] {"kubectl", "--help"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("Usage: sparkmedic kubectl")
        .contains("history")
        .contains("explain")
        .contains("policies");
  }

  // --- fixtures ---------------------------------------------------------------------------------

  private static SparkApplication application(String name, Map<String, String> labels) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels).build());
    app.setSpec(
        YAML.convertValue(
            Map.of(
                "type", "Scala",
                "sparkVersion", "3.5.5",
                "mainApplicationFile", "local:///opt/spark/jars/etl-assembly-4.2.0.jar",
                "driver", Map.of("cores", 1, "memory", "4g"),
                "executor", Map.of("cores", 4, "instances", 2, "memory", "8g")),
            io.sparkmedic.crds.spark.SparkApplicationSpec.class));
    return app;
  }

  private void ready(String policy, String status, String reason, String message) {
    TuningPolicy p =
        api.client().resources(TuningPolicy.class).inNamespace(NS).withName(policy).get();
    TuningPolicyStatus s = new TuningPolicyStatus();
    Condition condition =
        new ConditionBuilder()
            .withType("Ready")
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime("2026-11-20T20:00:00Z")
            .build();
    s.setConditions(List.of(condition));
    p.setStatus(s);
    api.client().resource(p).updateStatus();
  }

  private void apply(String resource) {
    try (InputStream in = KubectlPluginTest.class.getClassLoader().getResourceAsStream(resource)) {
      applyYaml(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void apply(Path file) {
    try {
      applyYaml(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every object of the YAML (a List or documents), then writes its status. */
  private void applyYaml(String yaml) {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || !document.isObject()) {
          continue;
        }
        if ("List".equals(document.path("kind").asText())) {
          document.path("items").forEach(objects::add);
        } else {
          objects.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The API server assigns uids: point the labels and references to a fixture's uid at the
    // object's real one, as they would be had the operator written them.
    Map<String, String> uids = new java.util.HashMap<>();
    for (JsonNode fixture : objects) {
      String json = fixture.toString();
      for (Map.Entry<String, String> uid : uids.entrySet()) {
        json = json.replace(uid.getKey(), uid.getValue());
      }
      JsonNode object = readJson(json);
      Class<? extends HasMetadata> type =
          switch (object.path("kind").asText()) {
            case "SparkApplication" -> SparkApplication.class;
            case "SparkRemediation" -> SparkRemediation.class;
            case "TuningPolicy" -> TuningPolicy.class;
            default -> throw new IllegalArgumentException("unexpected " + object.path("kind"));
          };
      HasMetadata created = create(Serialization.jsonMapper().convertValue(object, type));
      String fixtureUid = object.at("/metadata/uid").asText("");
      if (!fixtureUid.isEmpty()) {
        uids.put(fixtureUid, created.getMetadata().getUid());
      }
    }
  }

  private static JsonNode readJson(String json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the object, then sets its status as the controller that owns it would. */
  private <T extends HasMetadata> HasMetadata create(T object) {
    object.getMetadata().setResourceVersion(null);
    object.getMetadata().setUid(null);
    HasMetadata created = api.client().resource(object).create();
    object.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    object.getMetadata().setUid(created.getMetadata().getUid());
    return api.client().resource(object).updateStatus();
  }
}
