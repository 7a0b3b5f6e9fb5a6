package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Fields common to {@code spec.driver} and {@code spec.executor}. Memory values are Spark memory
 * strings ({@code 4g}, {@code 5120m}); a bare number means MiB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SparkPodSpec extends UnknownFields {

  private Integer cores;
  private String memory;
  private String memoryOverhead;

  public Integer getCores() {
    return cores;
  }

  public void setCores(Integer cores) {
    this.cores = cores;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public String getMemoryOverhead() {
    return memoryOverhead;
  }

  public void setMemoryOverhead(String memoryOverhead) {
    this.memoryOverhead = memoryOverhead;
  }
}
