package io.sparkmedic.operator.cli;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.simulator.JobTruth;
import io.sparkmedic.simulator.SimulatorOptions;
import io.sparkmedic.simulator.SparkOperatorSimulator;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkmedic demo}: an embedded API server, a simulated Kubeflow Spark operator and the
 * Sparkmedic operator in one process. A job that needs more off-heap memory per executor than it
 * asks for fails the way Spark fails, is diagnosed, remediated, and completes.
 */
@Command(
    name = "demo",
    description =
        "Run an executor-OOM job on an embedded API server with a simulated Spark operator, and"
            + " watch Sparkmedic diagnose, remediate and complete it. Exits 0 when the job completes.",
    mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

  static final String NAMESPACE = "demo";
  static final String APP = "nightly-etl";

  @Spec CommandSpec spec;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  private PrintWriter out;
  private Instant started;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    started = Instant.now();
    out.println("Sparkmedic demo: an embedded Kubernetes API server, a simulated Kubeflow Spark");
    out.println("operator and the Sparkmedic operator, in this one process.");
    out.println();
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        SparkOperatorSimulator simulator =
            new SparkOperatorSimulator(
                api.client(), new SimulatorOptions(null, Duration.ofMillis(50), 20.0));
        SparkmedicOperator operator =
            new SparkmedicOperator(
                api.client(),
                new SparkmedicOperator.Options(Set.of(), -1, "demo"),
                Clock.systemUTC())) {
      KubernetesClient client = api.client();
      api.createNamespace(NAMESPACE);
      simulator.start();
      operator.start();

      client.resource(policy()).create();
      say(
          "TuningPolicy demo/team-data applied: remediate apps labelled team=data in place,"
              + " memory ×1.5 per attempt (executor memoryOverhead at most 4g), 3 attempts,"
              + " 1s backoff.");
      // The hidden truth: each executor needs 500m off-heap; Spark's default overhead is 384m.
      simulator.expect(NAMESPACE, APP, new JobTruth(1536, 500, 512, 200, Duration.ofSeconds(60)));
      client.resource(application()).create();
      say(
          "SparkApplication demo/"
              + APP
              + " submitted: 2 executors × 2g heap, overhead unset"
              + " (Spark's default 384m). Unknown to anyone, each executor needs 500m off-heap.");
      boolean completed = follow(client, operator, Duration.ofSeconds(timeoutSeconds));

      List<SparkRemediation> history = records(client);
      out.println();
      out.println("$ kubectl get sparkremediations -n " + NAMESPACE);
      out.print(HistoryTable.render(history, Instant.now()));
      for (SparkRemediation r : history) {
        out.println();
        out.println(
            "$ kubectl describe sparkremediation " + r.getMetadata().getName() + "  (abridged)");
        SparkRemediationSpec.DiagnosisRecord d = r.getSpec().getDiagnosis();
        out.println("Diagnosis:  " + d.getCategory() + " (confidence " + d.getConfidence() + ")");
        out.println("  " + d.getSummary());
        d.getEvidence().forEach(e -> out.println("  - " + e));
        out.println("Changes:");
        r.getSpec()
            .getChanges()
            .forEach(
                c -> {
                  out.println(
                      "  "
                          + c.getPath()
                          + ": "
                          + (c.getFrom() == null ? "(unset)" : c.getFrom())
                          + " → "
                          + c.getTo());
                  out.println("    " + c.getReason());
                });
        if (r.getStatus() != null) {
          out.println(
              "Outcome:    " + r.getStatus().getOutcome() + " — " + r.getStatus().getMessage());
        }
      }
      out.println();
      out.println(
          completed
              ? "The job COMPLETED after " + history.size() + " remediation(s)."
              : "The job did not complete within " + timeoutSeconds + "s.");
      out.flush();
      return completed ? 0 : 1;
    }
  }

  /** Prints what happens until the application completes; false on timeout or final failure. */
  private boolean follow(KubernetesClient client, SparkmedicOperator operator, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String lastState = null;
    Set<String> seenPods = new HashSet<>();
    Map<String, String> seenRecords = new HashMap<>();
    while (Instant.now().isBefore(deadline)) {
      SparkApplication app =
          client.resources(SparkApplication.class).inNamespace(NAMESPACE).withName(APP).get();
      for (ContainerTermination t : operator.ledger().forSubmission(NAMESPACE, APP, null)) {
        if (seenPods.add(t.podName() + "/" + t.exitCode())) {
          say(
              "  "
                  + t.describe()
                  + " terminated: exit code "
                  + t.exitCode()
                  + (t.reason() == null ? "" : ", reason " + t.reason()));
        }
      }
      String state = app == null || app.getStatus() == null ? "" : app.getStatus().state();
      if (!state.equals(lastState)) {
        String message =
            ApplicationStates.FAILED.equals(state) && app.getStatus().getApplicationState() != null
                ? " — " + app.getStatus().getApplicationState().getErrorMessage()
                : "";
        say(APP + " is " + (state.isEmpty() ? "NEW" : state) + message);
        lastState = state;
      }
      for (SparkRemediation r : records(client)) {
        String outcome =
            r.getStatus() == null || r.getStatus().getOutcome() == null
                ? "Pending"
                : r.getStatus().getOutcome().name();
        if (!outcome.equals(seenRecords.put(r.getMetadata().getName(), outcome))) {
          String changes =
              r.getSpec().getChanges().stream()
                  .map(
                      c ->
                          c.getPath()
                              + " "
                              + (c.getFrom() == null ? "(unset)" : c.getFrom())
                              + " → "
                              + c.getTo())
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("no change");
          say(
              "SparkRemediation "
                  + r.getMetadata().getName()
                  + ": "
                  + r.getSpec().getDiagnosis().getCategory()
                  + ", "
                  + r.getSpec().getAction()
                  + " ("
                  + changes
                  + "): "
                  + outcome);
        }
      }
      boolean remediated = seenRecords.values().stream().anyMatch("Succeeded"::equals);
      if (ApplicationStates.COMPLETED.equals(state) && remediated) {
        return true;
      }
      // Sparkmedic decided not to act on the current failure: nothing more will happen.
      String run =
          app == null || app.getStatus() == null ? null : app.getStatus().getSubmissionId();
      boolean givenUp =
          ApplicationStates.FAILED.equals(state)
              && records(client).stream()
                  .anyMatch(
                      r ->
                          Objects.equals(run, r.getSpec().getApplication().getSubmissionID())
                              && r.getStatus() != null
                              && r.getStatus().getOutcome() != null
                              && r.getStatus().getOutcome().isFinal());
      if (givenUp) {
        return false;
      }
      // A demo's progress display, polling a local in-memory server: not a wait on a condition.
      Thread.sleep(50);
    }
    return false;
  }

  private static List<SparkRemediation> records(KubernetesClient client) {
    return client
        .resources(SparkRemediation.class)
        .inNamespace(NAMESPACE)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing((SparkRemediation r) -> r.getSpec().getAttempt()))
        .toList();
  }

  private void say(String line) {
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    out.println(String.format(Locale.ROOT, "[%5.1fs] %s", seconds, line));
    out.flush();
  }

  static TuningPolicy policy() {
    TuningPolicy policy = new TuningPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("team-data").withNamespace(NAMESPACE).build());
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "data")).build());
    spec.setMode(TuningPolicySpec.PolicyMode.Remediate);
    TuningPolicySpec.Budget budget = new TuningPolicySpec.Budget();
    budget.setApplicationAttempts(3);
    spec.setBudget(budget);
    TuningPolicySpec.Backoff backoff = new TuningPolicySpec.Backoff();
    backoff.setInitialSeconds(1);
    spec.setBackoff(backoff);
    TuningPolicySpec.Ceilings ceilings = new TuningPolicySpec.Ceilings();
    ceilings.setExecutorMemory("16g");
    ceilings.setExecutorMemoryOverhead("4g");
    spec.setCeilings(ceilings);
    policy.setSpec(spec);
    return policy;
  }

  static SparkApplication application() {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName(APP)
            .withNamespace(NAMESPACE)
            .withLabels(Map.of("team", "data"))
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.5");
    spec.setImage("apache/spark:3.5.5");
    spec.setMainClass("com.example.etl.DailyRollup");
    spec.setMainApplicationFile("local:///opt/spark/jars/etl-assembly.jar");
    spec.setSparkConf(Map.of("spark.sql.shuffle.partitions", "200"));
    spec.setUnknownField("mode", "cluster");
    RestartPolicy restart = new RestartPolicy();
    restart.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(restart);
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("1g");
    driver.setUnknownField("serviceAccount", "spark");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setCores(2);
    executor.setInstances(2);
    executor.setMemory("2g");
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }
}
