package io.sparkmedic.operator.cli.plugin;

import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.Action;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's runs as a tree, one per application of the job: each failed run with the {@link
 * SparkRemediation} decided about it (attempt, diagnosis, action, changes, outcome), then the run
 * going on now or last.
 *
 * <pre>
 * nightly-etl (team-a) — COMPLETED
 * ├─ run 0c6a2b4e… FAILED: EXECUTOR_CONTAINER_OOM (HIGH) → Resubmit
 * │    attempt 1, policy team-a-default, record nightly-etl-5f1c2d3e
 * │    spec.executor.memoryOverhead: (unset) → 1229m
 * │    outcome: Succeeded — The retry completed.
 * └─ run 7d1e9a42… COMPLETED
 * </pre>
 */
final class HistoryTree {

  private static final int RUN_ID_LENGTH = 8;

  private HistoryTree() {}

  static String render(Lineage lineage) {
    StringBuilder out = new StringBuilder();
    for (SparkApplication app : lineage.applications()) {
      if (out.length() > 0) {
        out.append('\n');
      }
      application(out, app, lineage.recordsOf(app));
    }
    return out.toString();
  }

  private static void application(
      StringBuilder out, SparkApplication app, List<SparkRemediation> records) {
    String state = app.getStatus() == null ? "" : app.getStatus().state();
    out.append(app.getMetadata().getName())
        .append(" (")
        .append(app.getMetadata().getNamespace())
        .append(") — ")
        .append(state.isEmpty() ? "NEW" : state);
    Map<String, String> annotations = app.getMetadata().getAnnotations();
    if (annotations != null && annotations.get(Sparkmedic.RETRY_OF_ANNOTATION) != null) {
      out.append(", retry of ").append(annotations.get(Sparkmedic.RETRY_OF_ANNOTATION));
    }
    out.append('\n');

    List<List<String>> nodes = new ArrayList<>();
    for (SparkRemediation r : records) {
      nodes.add(record(r));
    }
    String current = app.getStatus() == null ? null : app.getStatus().getSubmissionId();
    boolean decided =
        records.stream()
            .anyMatch(r -> Objects.equals(r.getSpec().getApplication().getSubmissionID(), current));
    if (current == null) {
      nodes.add(List.of("not submitted yet"));
    } else if (!decided) {
      List<String> run = new ArrayList<>();
      run.add("run " + shortId(current) + " " + (state.isEmpty() ? "NEW" : state));
      if ("FAILED".equals(state)) {
        run.add(
            "no SparkRemediation: no TuningPolicy selects it, the policy is invalid, or the"
                + " decision is still to come (see the application's Events)");
      }
      nodes.add(run);
    }
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      List<String> lines = nodes.get(i);
      out.append(last ? "└─ " : "├─ ").append(lines.get(0)).append('\n');
      for (String line : lines.subList(1, lines.size())) {
        out.append(last ? "     " : "│    ").append(line).append('\n');
      }
    }
  }

  private static List<String> record(SparkRemediation r) {
    SparkRemediationSpec spec = r.getSpec();
    SparkRemediationStatus status = r.getStatus();
    List<String> lines = new ArrayList<>();
    String retryApplication = status == null ? null : status.getRetryApplication();
    lines.add(
        "run "
            + shortId(spec.getApplication().getSubmissionID())
            + " FAILED: "
            + diagnosis(spec.getDiagnosis())
            + " → "
            + spec.getAction()
            + (retryApplication == null ? "" : " as " + retryApplication));
    lines.add(
        "attempt "
            + spec.getAttempt()
            + (spec.getPolicy() == null ? "" : ", policy " + spec.getPolicy())
            + ", record "
            + r.getMetadata().getName());
    for (SparkRemediationSpec.Change change : spec.getChanges()) {
      lines.add(
          ChangeText.of(change)
              + (spec.getAction() == Action.Advise ? " (advised, not applied)" : ""));
    }
    lines.add("outcome: " + outcome(status));
    return lines;
  }

  static String diagnosis(SparkRemediationSpec.DiagnosisRecord d) {
    return d.getCategory() + (d.getConfidence() == null ? "" : " (" + d.getConfidence() + ")");
  }

  static String outcome(SparkRemediationStatus status) {
    if (status == null || status.getOutcome() == null) {
      return "Pending";
    }
    return status.getOutcome()
        + (status.getMessage() == null || status.getMessage().isBlank()
            ? ""
            : " — " + status.getMessage());
  }

  /** Submission ids are UUIDs: their first 8 characters tell runs apart. */
  static String shortId(String submissionId) {
    if (submissionId == null || submissionId.isEmpty()) {
      return "(unknown)";
    }
    return submissionId.length() <= RUN_ID_LENGTH
        ? submissionId
        : submissionId.substring(0, RUN_ID_LENGTH) + "…";
  }
}
