package io.sparkmedic.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.DynamicAllocation;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkPodSpec;
import io.sparkmedic.remediation.spark.SparkSettings;
import io.sparkmedic.remediation.spark.SparkSettings.PodSettings;

/** Reads a {@code SparkApplication}'s resource settings into the remediation core's value type. */
public final class ApplicationSettings {

  private static final String REQUIRED =
      "/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution";

  private ApplicationSettings() {}

  public static SparkSettings of(SparkApplication app) {
    SparkApplicationSpec spec = app.getSpec();
    if (spec == null) {
      return new SparkSettings(null, null, null, null, null);
    }
    DynamicAllocation da = spec.getDynamicAllocation();
    return new SparkSettings(
        spec.getType(),
        spec.getMemoryOverheadFactor(),
        spec.getSparkConf(),
        pod(spec.getDriver(), null),
        pod(
            spec.getExecutor(),
            spec.getExecutor() == null ? null : spec.getExecutor().getInstances()),
        da == null
            ? null
            : new SparkSettings.DynamicAllocation(
                Boolean.TRUE.equals(da.getEnabled()), da.getMinExecutors(), da.getMaxExecutors()));
  }

  private static PodSettings pod(SparkPodSpec pod, Integer instances) {
    if (pod == null) {
      return PodSettings.EMPTY;
    }
    JsonNode template = tree(pod.unknownField("template"));
    JsonNode affinity = tree(pod.unknownField("affinity"));
    return new PodSettings(
        pod.getMemory(),
        pod.getMemoryOverhead(),
        pod.getCores(),
        instances,
        template == null ? null : present(template.at("/spec/affinity" + REQUIRED)),
        affinity == null ? null : present(affinity.at(REQUIRED)));
  }

  private static JsonNode tree(Object value) {
    return value == null ? null : Serialization.jsonMapper().valueToTree(value);
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : node;
  }
}
