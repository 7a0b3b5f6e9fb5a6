package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.executor}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutorSpec extends SparkPodSpec {

  private Integer instances;
  private Boolean deleteOnTermination;

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
  }

  /** Spark deletes failed executor pods unless this is {@code false}. */
  public Boolean getDeleteOnTermination() {
    return deleteOnTermination;
  }

  public void setDeleteOnTermination(Boolean deleteOnTermination) {
    this.deleteOnTermination = deleteOnTermination;
  }
}
