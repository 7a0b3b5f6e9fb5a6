package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** {@code spec} of a {@code SparkApplication}: the fields remediation reads or changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "mode", "sparkVersion", "image", "mainClass", "mainApplicationFile"})
public class SparkApplicationSpec extends UnknownFields {

  private String type;
  private String sparkVersion;
  private String image;
  private String mainClass;
  private String mainApplicationFile;
  private Map<String, String> sparkConf;
  private String memoryOverheadFactor;
  private RestartPolicy restartPolicy;
  private DynamicAllocation dynamicAllocation;
  private DriverSpec driver;
  private ExecutorSpec executor;

  /** {@code Java|Python|Scala|R}; the Spark operator defaults it to {@code Scala}. */
  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getSparkVersion() {
    return sparkVersion;
  }

  public void setSparkVersion(String sparkVersion) {
    this.sparkVersion = sparkVersion;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getMainClass() {
    return mainClass;
  }

  public void setMainClass(String mainClass) {
    this.mainClass = mainClass;
  }

  public String getMainApplicationFile() {
    return mainApplicationFile;
  }

  public void setMainApplicationFile(String mainApplicationFile) {
    this.mainApplicationFile = mainApplicationFile;
  }

  public Map<String, String> getSparkConf() {
    return sparkConf;
  }

  public void setSparkConf(Map<String, String> sparkConf) {
    this.sparkConf = sparkConf;
  }

  public String getMemoryOverheadFactor() {
    return memoryOverheadFactor;
  }

  public void setMemoryOverheadFactor(String memoryOverheadFactor) {
    this.memoryOverheadFactor = memoryOverheadFactor;
  }

  public RestartPolicy getRestartPolicy() {
    return restartPolicy;
  }

  public void setRestartPolicy(RestartPolicy restartPolicy) {
    this.restartPolicy = restartPolicy;
  }

  public DynamicAllocation getDynamicAllocation() {
    return dynamicAllocation;
  }

  public void setDynamicAllocation(DynamicAllocation dynamicAllocation) {
    this.dynamicAllocation = dynamicAllocation;
  }

  public DriverSpec getDriver() {
    return driver;
  }

  public void setDriver(DriverSpec driver) {
    this.driver = driver;
  }

  public ExecutorSpec getExecutor() {
    return executor;
  }

  public void setExecutor(ExecutorSpec executor) {
    this.executor = executor;
  }
}
