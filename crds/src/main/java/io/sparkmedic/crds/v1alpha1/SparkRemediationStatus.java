package io.sparkmedic.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** {@code status} of a {@link SparkRemediation}: how the decision played out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkRemediationStatus {

  private Outcome outcome;

  @JsonPropertyDescription("What happened last, in one sentence.")
  private String message;

  @JsonPropertyDescription("When the changes were written to the application.")
  private String appliedAt;

  @JsonPropertyDescription("status.submissionID of the run that the remediation started.")
  private String retrySubmissionID;

  @JsonPropertyDescription("When the retry reached a terminal state.")
  private String finishedAt;

  @JsonPropertyDescription("NewApplication: the SparkApplication created for the retry.")
  private String retryApplication;

  @JsonPropertyDescription(
      "InPlace: when the application was nudged again because the Spark operator had not restarted it.")
  private String nudgedAt;

  public String getRetryApplication() {
    return retryApplication;
  }

  public void setRetryApplication(String retryApplication) {
    this.retryApplication = retryApplication;
  }

  public String getNudgedAt() {
    return nudgedAt;
  }

  public void setNudgedAt(String nudgedAt) {
    this.nudgedAt = nudgedAt;
  }

  public Outcome getOutcome() {
    return outcome;
  }

  public void setOutcome(Outcome outcome) {
    this.outcome = outcome;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getAppliedAt() {
    return appliedAt;
  }

  public void setAppliedAt(String appliedAt) {
    this.appliedAt = appliedAt;
  }

  public String getRetrySubmissionID() {
    return retrySubmissionID;
  }

  public void setRetrySubmissionID(String retrySubmissionID) {
    this.retrySubmissionID = retrySubmissionID;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  /** Where a remediation stands. */
  public enum Outcome {
    /** Decided and recorded; the changes are not applied yet. */
    Pending,
    /** Applied; the Spark operator is running the application again. */
    Resubmitted,
    /** The retry completed. */
    Succeeded,
    /** The retry failed too. */
    Failed,
    /** The policy's attempt budget was used up; nothing was changed. */
    Exhausted,
    /** The fix would exceed a ceiling of the policy; nothing was changed. */
    CapReached,
    /** No resource change can fix this cause; nothing was retried. */
    NotRetryable,
    /** Advise mode: nothing was changed. */
    Advised,
    /** The application was changed or resubmitted by someone else before the plan was applied. */
    Superseded;

    public boolean isFinal() {
      return this != Pending && this != Resubmitted;
    }
  }
}
