package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.dynamicAllocation}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DynamicAllocation extends UnknownFields {

  private Boolean enabled;
  private Integer initialExecutors;
  private Integer minExecutors;
  private Integer maxExecutors;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getInitialExecutors() {
    return initialExecutors;
  }

  public void setInitialExecutors(Integer initialExecutors) {
    this.initialExecutors = initialExecutors;
  }

  public Integer getMinExecutors() {
    return minExecutors;
  }

  public void setMinExecutors(Integer minExecutors) {
    this.minExecutors = minExecutors;
  }

  public Integer getMaxExecutors() {
    return maxExecutors;
  }

  public void setMaxExecutors(Integer maxExecutors) {
    this.maxExecutors = maxExecutors;
  }
}
