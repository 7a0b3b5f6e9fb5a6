package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code status} of a {@code SparkApplication}, as the Kubeflow Spark operator writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkApplicationStatus extends UnknownFields {

  private String sparkApplicationId;

  @JsonProperty("submissionID")
  private String submissionId;

  private String lastSubmissionAttemptTime;
  private String terminationTime;
  private DriverInfo driverInfo;
  private ApplicationState applicationState;
  private Map<String, String> executorState;
  private Integer executionAttempts;
  private Integer submissionAttempts;

  public String getSparkApplicationId() {
    return sparkApplicationId;
  }

  public void setSparkApplicationId(String sparkApplicationId) {
    this.sparkApplicationId = sparkApplicationId;
  }

  /** A new UUID on every submission: together with the uid it names one run of the application. */
  @JsonProperty("submissionID")
  public String getSubmissionId() {
    return submissionId;
  }

  @JsonProperty("submissionID")
  public void setSubmissionId(String submissionId) {
    this.submissionId = submissionId;
  }

  public String getLastSubmissionAttemptTime() {
    return lastSubmissionAttemptTime;
  }

  public void setLastSubmissionAttemptTime(String lastSubmissionAttemptTime) {
    this.lastSubmissionAttemptTime = lastSubmissionAttemptTime;
  }

  public String getTerminationTime() {
    return terminationTime;
  }

  public void setTerminationTime(String terminationTime) {
    this.terminationTime = terminationTime;
  }

  public DriverInfo getDriverInfo() {
    return driverInfo;
  }

  public void setDriverInfo(DriverInfo driverInfo) {
    this.driverInfo = driverInfo;
  }

  public ApplicationState getApplicationState() {
    return applicationState;
  }

  public void setApplicationState(ApplicationState applicationState) {
    this.applicationState = applicationState;
  }

  public Map<String, String> getExecutorState() {
    return executorState;
  }

  public void setExecutorState(Map<String, String> executorState) {
    this.executorState = executorState;
  }

  public Integer getExecutionAttempts() {
    return executionAttempts;
  }

  public void setExecutionAttempts(Integer executionAttempts) {
    this.executionAttempts = executionAttempts;
  }

  public Integer getSubmissionAttempts() {
    return submissionAttempts;
  }

  public void setSubmissionAttempts(Integer submissionAttempts) {
    this.submissionAttempts = submissionAttempts;
  }

  /** The application state, {@code ""} (new) when absent. */
  @JsonIgnore
  public String state() {
    return applicationState == null || applicationState.getState() == null
        ? ""
        : applicationState.getState();
  }

  /** {@code status.driverInfo}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DriverInfo extends UnknownFields {
    private String podName;
    private String webUIServiceName;
    private String webUIAddress;
    private Integer webUIPort;

    public String getPodName() {
      return podName;
    }

    public void setPodName(String podName) {
      this.podName = podName;
    }

    public String getWebUIServiceName() {
      return webUIServiceName;
    }

    public void setWebUIServiceName(String webUIServiceName) {
      this.webUIServiceName = webUIServiceName;
    }

    public String getWebUIAddress() {
      return webUIAddress;
    }

    public void setWebUIAddress(String webUIAddress) {
      this.webUIAddress = webUIAddress;
    }

    public Integer getWebUIPort() {
      return webUIPort;
    }

    public void setWebUIPort(Integer webUIPort) {
      this.webUIPort = webUIPort;
    }
  }

  /** {@code status.applicationState}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ApplicationState extends UnknownFields {
    private String state;
    private String errorMessage;

    public ApplicationState() {}

    public ApplicationState(String state, String errorMessage) {
      this.state = state;
      this.errorMessage = errorMessage;
    }

    public String getState() {
      return state;
    }

    public void setState(String state) {
      this.state = state;
    }

    public String getErrorMessage() {
      return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
    }
  }
}
