package io.sparkmedic.simulator;

import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkPodSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What spark-submit made of a {@code SparkApplication}'s spec: the values the simulated pods are
 * built from, including where they may run ({@link Placement}). Resolved once per submission, so a
 * later spec change affects only the next one.
 *
 * @param sparkConf the application's {@code spec.sparkConf} as submitted (what Spark's event log
 *     records among its properties, and what decides event logging and AQE)
 */
record SubmittedSpec(
    SparkMemory.Role driver,
    SparkMemory.Role executor,
    int instances,
    boolean deleteExecutorsOnTermination,
    String driverPodName,
    String driverImage,
    String executorImage,
    int driverCores,
    int executorCores,
    Map<String, String> driverLabels,
    Map<String, String> executorLabels,
    Placement driverPlacement,
    Placement executorPlacement,
    String sparkVersion,
    String mainClass,
    Map<String, String> sparkConf) {

  /** A cap that keeps a typo ({@code instances: 10000}) from flooding the API server. */
  static final int MAX_EXECUTORS = 200;

  static final String DRIVER_POD_NAME_CONF = "spark.kubernetes.driver.pod.name";

  static SubmittedSpec resolve(SparkApplication app) throws SubmissionException {
    SparkApplicationSpec spec = app.getSpec();
    if (spec == null) {
      throw new SubmissionException("SparkApplication has no spec");
    }
    Map<String, String> conf = spec.getSparkConf() == null ? Map.of() : spec.getSparkConf();
    SparkMemory.Role driver = SparkMemory.resolve(spec, SparkMemory.DRIVER);
    SparkMemory.Role executor = SparkMemory.resolve(spec, SparkMemory.EXECUTOR);
    ExecutorSpec executorSpec = spec.getExecutor();
    DriverSpec driverSpec = spec.getDriver();

    int instances = 1;
    if (executorSpec != null && executorSpec.getInstances() != null) {
      instances = executorSpec.getInstances();
    } else if (SparkMemory.firstNonBlank(conf.get("spark.executor.instances")) != null) {
      try {
        instances = Integer.parseInt(conf.get("spark.executor.instances").trim());
      } catch (NumberFormatException e) {
        throw new SubmissionException(
            "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \""
                + conf.get("spark.executor.instances")
                + "\"");
      }
    }
    if (instances < 0) {
      throw new SubmissionException(
          "Exception in thread \"main\" org.apache.spark.SparkException: Number of executors must"
              + " be a positive number");
    }
    instances = Math.min(Math.max(instances, 1), MAX_EXECUTORS);

    boolean deleteOnTermination =
        executorSpec == null || !Boolean.FALSE.equals(executorSpec.getDeleteOnTermination());
    String image = spec.getImage() != null ? spec.getImage() : defaultImage(spec);
    return new SubmittedSpec(
        driver,
        executor,
        instances,
        deleteOnTermination,
        driverPodName(app),
        stringField(driverSpec, "image", image),
        stringField(executorSpec, "image", image),
        cores(driverSpec),
        cores(executorSpec),
        labels(driverSpec),
        labels(executorSpec),
        Placement.resolve(spec, SparkMemory.DRIVER),
        Placement.resolve(spec, SparkMemory.EXECUTOR),
        spec.getSparkVersion() == null ? "3.5.1" : spec.getSparkVersion(),
        spec.getMainClass(),
        copyOf(conf));
  }

  /**
   * {@code spec.driver.podName}, else sparkConf {@code spark.kubernetes.driver.pod.name}, else
   * {@code <app>-driver} (KF {@code GetDriverPodName}; research §2): the same on every retry.
   */
  static String driverPodName(SparkApplication app) {
    SparkApplicationSpec spec = app.getSpec();
    if (spec != null) {
      String podName = stringField(spec.getDriver(), "podName", null);
      if (podName != null && !podName.isBlank()) {
        return podName;
      }
      if (spec.getSparkConf() != null
          && SparkMemory.firstNonBlank(spec.getSparkConf().get(DRIVER_POD_NAME_CONF)) != null) {
        return spec.getSparkConf().get(DRIVER_POD_NAME_CONF);
      }
    }
    return app.getMetadata().getName() + "-driver";
  }

  /** The sparkConf as submitted, without null keys or values; insertion order kept. */
  private static Map<String, String> copyOf(Map<String, String> conf) {
    Map<String, String> copy = new LinkedHashMap<>();
    conf.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  private static String defaultImage(SparkApplicationSpec spec) {
    return "spark:" + (spec.getSparkVersion() == null ? "3.5.0" : spec.getSparkVersion());
  }

  private static int cores(SparkPodSpec pod) {
    return pod == null || pod.getCores() == null || pod.getCores() < 1 ? 1 : pod.getCores();
  }

  private static String stringField(SparkPodSpec pod, String field, String fallback) {
    Object value = pod == null ? null : pod.unknownField(field);
    return value instanceof String s && !s.isBlank() ? s : fallback;
  }

  private static Map<String, String> labels(SparkPodSpec pod) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (pod != null && pod.unknownField("labels") instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              labels.put(k.toString(), v.toString());
            }
          });
    }
    return labels;
  }
}
