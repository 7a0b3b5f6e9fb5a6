package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.restartPolicy}: the Spark operator's own same-spec retries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartPolicy extends UnknownFields {

  public static final String NEVER = "Never";
  public static final String ON_FAILURE = "OnFailure";
  public static final String ALWAYS = "Always";

  private String type;
  private Integer onFailureRetries;
  private Long onFailureRetryInterval;
  private Integer onSubmissionFailureRetries;
  private Long onSubmissionFailureRetryInterval;

  /** {@code Never|OnFailure|Always}; {@code Never} when absent. */
  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Integer getOnFailureRetries() {
    return onFailureRetries;
  }

  public void setOnFailureRetries(Integer onFailureRetries) {
    this.onFailureRetries = onFailureRetries;
  }

  public Long getOnFailureRetryInterval() {
    return onFailureRetryInterval;
  }

  public void setOnFailureRetryInterval(Long onFailureRetryInterval) {
    this.onFailureRetryInterval = onFailureRetryInterval;
  }

  public Integer getOnSubmissionFailureRetries() {
    return onSubmissionFailureRetries;
  }

  public void setOnSubmissionFailureRetries(Integer onSubmissionFailureRetries) {
    this.onSubmissionFailureRetries = onSubmissionFailureRetries;
  }

  public Long getOnSubmissionFailureRetryInterval() {
    return onSubmissionFailureRetryInterval;
  }

  public void setOnSubmissionFailureRetryInterval(Long onSubmissionFailureRetryInterval) {
    this.onSubmissionFailureRetryInterval = onSubmissionFailureRetryInterval;
  }
}
