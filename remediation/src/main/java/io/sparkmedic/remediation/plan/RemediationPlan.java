package io.sparkmedic.remediation.plan;

import java.util.List;
import java.util.Objects;

/**
 * What to do about one failed run: resubmit with these changes, or why not.
 *
 * @param decision the verdict
 * @param changes the spec changes, empty unless the decision is {@link Decision#RESUBMIT}
 * @param reason one sentence: why this decision
 */
public record RemediationPlan(Decision decision, List<SpecChange> changes, String reason) {

  public RemediationPlan {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    changes = List.copyOf(changes);
    if ((decision == Decision.RESUBMIT) == changes.isEmpty()) {
      throw new IllegalArgumentException("a resubmission has changes, and only a resubmission");
    }
  }

  /** The verdict of a plan. */
  public enum Decision {
    /** Apply the changes and run again. */
    RESUBMIT,
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
