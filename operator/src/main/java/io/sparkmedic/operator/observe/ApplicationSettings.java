package io.sparkmedic.operator.observe;

import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkPodSpec;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;

/** Reads a {@code SparkApplication}'s resource settings into the remediation core's value type. */
public final class ApplicationSettings {

  private ApplicationSettings() {}

  public static SparkSettings of(SparkApplication app) {
    SparkApplicationSpec spec = app.getSpec();
    if (spec == null) {
      return new SparkSettings(null, null, null, null, null);
    }
    return new SparkSettings(
        spec.getType(),
        spec.getMemoryOverheadFactor(),
        spec.getSparkConf(),
        pod(spec.getDriver(), null),
        pod(
            spec.getExecutor(),
            spec.getExecutor() == null ? null : spec.getExecutor().getInstances()));
  }

  private static PodSettings pod(SparkPodSpec pod, Integer instances) {
    return pod == null
        ? PodSettings.EMPTY
        : new PodSettings(pod.getMemory(), pod.getMemoryOverhead(), pod.getCores(), instances);
  }
}
