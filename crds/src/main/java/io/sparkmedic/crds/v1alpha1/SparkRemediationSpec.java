package io.sparkmedic.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** {@code spec} of a {@link SparkRemediation}: the decision, written once, before acting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkRemediationSpec {

  @Required private ApplicationRef application;

  @Required
  @JsonPropertyDescription("1 for the first remediation of this application, 2 for the next, ...")
  private Integer attempt;

  @JsonPropertyDescription("The TuningPolicy that governed the decision.")
  private String policy;

  @Required
  @JsonPropertyDescription(
      "Resubmit: the changes below were (or are to be) applied. None: nothing is changed. "
          + "Advise: the policy is advisory; the changes are what Remediate would apply.")
  private Action action;

  @JsonPropertyDescription(
      "The plan's verdict: Resubmit, NotRetryable, CapReached, Exhausted or NoAction.")
  private String decision;

  @Required private DiagnosisRecord diagnosis;

  @JsonPropertyDescription("Further diagnoses that held for the same failure, weaker or secondary.")
  private List<DiagnosisRecord> otherDiagnoses = new ArrayList<>();

  private List<Change> changes = new ArrayList<>();

  @JsonPropertyDescription("Why this action, in one sentence.")
  private String reason;

  @JsonPropertyDescription("Suggestions Sparkmedic does not apply itself, each with its reason.")
  private List<String> advice = new ArrayList<>();

  @JsonPropertyDescription("InPlace or NewApplication: how the changes reach the cluster.")
  private String strategy;

  @JsonPropertyDescription(
      "Seconds to wait after the failure before resubmitting (the policy's backoff).")
  private Integer backoffSeconds;

  public List<String> getAdvice() {
    return advice;
  }

  public void setAdvice(List<String> advice) {
    this.advice = advice;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public Integer getBackoffSeconds() {
    return backoffSeconds;
  }

  public void setBackoffSeconds(Integer backoffSeconds) {
    this.backoffSeconds = backoffSeconds;
  }

  public ApplicationRef getApplication() {
    return application;
  }

  public void setApplication(ApplicationRef application) {
    this.application = application;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public Action getAction() {
    return action;
  }

  public void setAction(Action action) {
    this.action = action;
  }

  public String getDecision() {
    return decision;
  }

  public void setDecision(String decision) {
    this.decision = decision;
  }

  public DiagnosisRecord getDiagnosis() {
    return diagnosis;
  }

  public void setDiagnosis(DiagnosisRecord diagnosis) {
    this.diagnosis = diagnosis;
  }

  public List<DiagnosisRecord> getOtherDiagnoses() {
    return otherDiagnoses;
  }

  public void setOtherDiagnoses(List<DiagnosisRecord> otherDiagnoses) {
    this.otherDiagnoses = otherDiagnoses;
  }

  public List<Change> getChanges() {
    return changes;
  }

  public void setChanges(List<Change> changes) {
    this.changes = changes;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** What Sparkmedic does about the failure. */
  public enum Action {
    /** Apply the changes (or, with none, run again unchanged). */
    Resubmit,
    /** Nothing is changed or resubmitted. */
    None,
    /** The policy only advises: what Resubmit would do is recorded, nothing is changed. */
    Advise
  }

  /** The failed run: the application and the submission that failed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ApplicationRef {
    @Required private String name;
    private String uid;

    @JsonPropertyDescription("status.submissionID of the failed run.")
    private String submissionID;

    @JsonPropertyDescription("status.applicationState.errorMessage of the failed run.")
    private String errorMessage;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getUid() {
      return uid;
    }

    public void setUid(String uid) {
      this.uid = uid;
    }

    public String getSubmissionID() {
      return submissionID;
    }

    public void setSubmissionID(String submissionID) {
      this.submissionID = submissionID;
    }

    public String getErrorMessage() {
      return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
    }
  }

  /** A diagnosis as recorded: category, how sure, and the evidence in sentences with numbers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DiagnosisRecord {
    @Required private String category;
    private String confidence;
    private Boolean retryable;
    private String summary;
    private List<String> evidence = new ArrayList<>();

    public String getCategory() {
      return category;
    }

    public void setCategory(String category) {
      this.category = category;
    }

    public String getConfidence() {
      return confidence;
    }

    public void setConfidence(String confidence) {
      this.confidence = confidence;
    }

    public Boolean getRetryable() {
      return retryable;
    }

    public void setRetryable(Boolean retryable) {
      this.retryable = retryable;
    }

    public String getSummary() {
      return summary;
    }

    public void setSummary(String summary) {
      this.summary = summary;
    }

    public List<String> getEvidence() {
      return evidence;
    }

    public void setEvidence(List<String> evidence) {
      this.evidence = evidence;
    }
  }

  /** One change to the application's spec. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Change {
    @Required private String path;
    private String from;
    private String to;
    private String reason;

    @JsonPropertyDescription(
        "String (a Spark value) or Json (a number or an object, as JSON text).")
    private String format;

    public String getFormat() {
      return format;
    }

    public void setFormat(String format) {
      this.format = format;
    }

    /** Whether {@code to} is JSON text rather than a plain string. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean json() {
      return "Json".equals(format);
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public String getFrom() {
      return from;
    }

    public void setFrom(String from) {
      this.from = from;
    }

    public String getTo() {
      return to;
    }

    public void setTo(String to) {
      this.to = to;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }
  }
}
