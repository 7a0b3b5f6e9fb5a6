package io.sparkmedic.operator.cli.plugin;

import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.DiagnosisRecord;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@link SparkRemediation} in full, for people: the failed run, the diagnosis with its
 * evidence, the other diagnoses that held, the plan's changes each with its reason, the advice, and
 * how it ended.
 */
final class RemediationExplanation {

  private RemediationExplanation() {}

  static String render(SparkRemediation r) {
    SparkRemediationSpec spec = r.getSpec();
    SparkRemediationStatus status = r.getStatus();
    StringBuilder out = new StringBuilder();
    out.append(spec.getApplication().getName())
        .append(" (")
        .append(r.getMetadata().getNamespace())
        .append("), attempt ")
        .append(spec.getAttempt())
        .append(": record ")
        .append(r.getMetadata().getName())
        .append('\n');
    field(out, "Failed run", spec.getApplication().getSubmissionID());
    field(out, "Spark operator said", spec.getApplication().getErrorMessage());
    if (spec.getPolicy() != null) {
      List<String> how = new ArrayList<>();
      if (spec.getStrategy() != null) {
        how.add(spec.getStrategy());
      }
      if (spec.getBackoffSeconds() != null) {
        how.add("backoff " + spec.getBackoffSeconds() + "s");
      }
      field(
          out,
          "Policy",
          spec.getPolicy() + (how.isEmpty() ? "" : " (" + String.join(", ", how) + ")"));
    }

    out.append("\nDiagnosis: ").append(headline(spec.getDiagnosis())).append('\n');
    diagnosisBody(out, spec.getDiagnosis(), "  ");

    if (spec.getOtherDiagnoses().isEmpty()) {
      out.append("\nOther diagnoses: none\n");
    } else {
      out.append("\nOther diagnoses:\n");
      for (DiagnosisRecord other : spec.getOtherDiagnoses()) {
        out.append("  ").append(headline(other)).append('\n');
        diagnosisBody(out, other, "    ");
      }
    }

    String decision =
        spec.getDecision() == null
                || Objects.equals(spec.getDecision(), String.valueOf(spec.getAction()))
            ? ""
            : " (" + spec.getDecision() + ")";
    out.append("\nPlan: ").append(spec.getAction()).append(decision);
    if (spec.getReason() != null) {
      out.append(" — ").append(spec.getReason());
    }
    out.append('\n');
    if (spec.getChanges().isEmpty()) {
      out.append("  no change to the application\n");
    }
    for (SparkRemediationSpec.Change change : spec.getChanges()) {
      out.append("  ").append(ChangeText.of(change)).append('\n');
      if (change.getReason() != null) {
        out.append("    ").append(change.getReason()).append('\n');
      }
    }
    if (!spec.getAdvice().isEmpty()) {
      out.append("\nAdvice (not applied by Sparkmedic):\n");
      spec.getAdvice().forEach(a -> out.append("  - ").append(a).append('\n'));
    }

    out.append("\nOutcome: ").append(HistoryTree.outcome(status)).append('\n');
    if (status != null) {
      List<String> when = new ArrayList<>();
      if (status.getAppliedAt() != null) {
        when.add("applied " + status.getAppliedAt());
      }
      if (status.getNudgedAt() != null) {
        when.add("nudged " + status.getNudgedAt());
      }
      if (status.getFinishedAt() != null) {
        when.add("finished " + status.getFinishedAt());
      }
      if (status.getRetryApplication() != null) {
        when.add("retry application " + status.getRetryApplication());
      }
      if (status.getRetrySubmissionID() != null) {
        when.add("retry run " + status.getRetrySubmissionID());
      }
      if (!when.isEmpty()) {
        out.append("  ").append(String.join(", ", when)).append('\n');
      }
    }
    return out.toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    if (value != null && !value.isBlank()) {
      out.append(name).append(": ").append(value).append('\n');
    }
  }

  private static String headline(DiagnosisRecord d) {
    List<String> qualities = new ArrayList<>();
    if (d.getConfidence() != null) {
      qualities.add(d.getConfidence());
    }
    if (d.getRetryable() != null) {
      qualities.add(d.getRetryable() ? "retryable" : "not retryable");
    }
    return d.getCategory() + (qualities.isEmpty() ? "" : " (" + String.join(", ", qualities) + ")");
  }

  private static void diagnosisBody(StringBuilder out, DiagnosisRecord d, String indent) {
    if (d.getSummary() != null) {
      out.append(indent).append(d.getSummary()).append('\n');
    }
    if (!d.getEvidence().isEmpty()) {
      out.append(indent).append("Evidence:\n");
      d.getEvidence().forEach(e -> out.append(indent).append("- ").append(e).append('\n'));
    }
  }
}
