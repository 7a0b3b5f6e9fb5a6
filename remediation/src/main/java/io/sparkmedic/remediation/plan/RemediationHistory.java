package io.sparkmedic.remediation.plan;

import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory.Cause;
import java.util.List;

/**
 * What Sparkmedic already did for this application since it last succeeded after a remediation: the
 * budgets and the escalation rules (on-demand after repeated spot losses, at most one blind retry
 * of an unknown cause) read it.
 *
 * @param attempts earlier decisions, oldest first
 */
public record RemediationHistory(List<Attempt> attempts) {

  public static final RemediationHistory NONE = new RemediationHistory(List.of());

  public RemediationHistory {
    attempts = List.copyOf(attempts);
  }

  /** One earlier decision: its primary category and whether it resubmitted. */
  public record Attempt(DiagnosisCategory category, boolean resubmitted) {}

  /**
   * Resubmissions spent on causes of this kind (unknown causes spend the infrastructure budget).
   */
  public int resubmissions(Cause cause) {
    return (int)
        attempts.stream()
            .filter(Attempt::resubmitted)
            .filter(a -> budgetOf(a.category()) == budgetOf(cause))
            .count();
  }

  public int resubmissionsFor(DiagnosisCategory category) {
    return (int)
        attempts.stream()
            .filter(Attempt::resubmitted)
            .filter(a -> a.category() == category)
            .count();
  }

  /**
   * Which budget a cause spends: application causes theirs, everything else the infrastructure one.
   */
  public static Cause budgetOf(DiagnosisCategory category) {
    return budgetOf(category.cause());
  }

  static Cause budgetOf(Cause cause) {
    return cause == Cause.APPLICATION ? Cause.APPLICATION : Cause.INFRASTRUCTURE;
  }
}
