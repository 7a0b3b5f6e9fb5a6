package io.sparkmedic.remediation.plan;

import java.util.List;
import java.util.Objects;

/**
 * What to do about one failed run: resubmit with these changes, resubmit unchanged, or why not;
 * plus advice a person should consider that Sparkmedic does not apply itself.
 *
 * @param decision the verdict
 * @param changes the spec changes, non-empty exactly when the decision is {@link Decision#RESUBMIT}
 * @param reason one sentence: why this decision
 * @param advice suggestions with their reasons (e.g. enable decommissioning), possibly empty
 */
public record RemediationPlan(
    Decision decision, List<SpecChange> changes, String reason, List<String> advice) {

  public RemediationPlan {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    changes = List.copyOf(changes);
    advice = advice == null ? List.of() : List.copyOf(advice);
    if ((decision == Decision.RESUBMIT) == changes.isEmpty()) {
      throw new IllegalArgumentException("a resubmission with changes has changes, and only it");
    }
  }

  public RemediationPlan(Decision decision, List<SpecChange> changes, String reason) {
    this(decision, changes, reason, List.of());
  }

  /** Whether the plan runs the application again. */
  public boolean resubmits() {
    return decision == Decision.RESUBMIT || decision == Decision.RETRY;
  }

  /** The verdict of a plan. */
  public enum Decision {
    /** Apply the changes and run again. */
    RESUBMIT,
    /** Run again unchanged, after the backoff: the cause was outside the job. */
    RETRY,
    /** The cause is in the code or data: another run fails the same way. */
    NOT_RETRYABLE,
    /** The fix would go past a ceiling of the policy. */
    CAP_REACHED,
    /** The policy's attempt budget is spent. */
    EXHAUSTED,
    /** Nothing conclusive, or the policy says to leave this category alone. */
    NO_ACTION
  }
}
