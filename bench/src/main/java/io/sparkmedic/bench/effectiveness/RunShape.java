package io.sparkmedic.bench.effectiveness;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkPodSpec;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What one run of an application holds, read from its spec: container memory per driver and
 * executor, executor count, and whether its spec requires on-demand capacity for either.
 *
 * <p>"Requires on-demand" follows the scheduler: a node selector, or required node affinity whose
 * every term allows only on-demand, on Karpenter's {@code karpenter.sh/capacity-type} or EKS'
 * {@code eks.amazonaws.com/capacityType}, in {@code spec.<role>}, its pod template, {@code
 * spec.nodeSelector} or sparkConf node selectors.
 */
public record RunShape(
    long driverHeapMiB,
    long driverContainerMiB,
    long executorHeapMiB,
    long executorContainerMiB,
    int executors,
    boolean driverOnDemand,
    boolean executorsOnDemand) {

  static final String KARPENTER = "karpenter.sh/capacity-type";
  static final String EKS = "eks.amazonaws.com/capacityType";
  private static final Set<String> ON_DEMAND_VALUES = Set.of("on-demand", "ON_DEMAND");

  /** GiB of memory the whole run holds: the driver's container and every executor's. */
  public double gib() {
    return (driverContainerMiB + (double) executors * executorContainerMiB) / 1024.0;
  }

  public static RunShape of(SparkApplication app) {
    SparkApplicationSpec spec = app.getSpec();
    Map<String, String> conf = spec.getSparkConf() == null ? Map.of() : spec.getSparkConf();
    SparkPodSpec driver = spec.getDriver();
    SparkPodSpec executor = spec.getExecutor();
    String driverMemory = first(driver == null ? null : driver.getMemory(), conf, "driver.memory");
    String driverOverhead =
        first(driver == null ? null : driver.getMemoryOverhead(), conf, "driver.memoryOverhead");
    String executorMemory =
        first(executor == null ? null : executor.getMemory(), conf, "executor.memory");
    String executorOverhead =
        first(
            executor == null ? null : executor.getMemoryOverhead(),
            conf,
            "executor.memoryOverhead");
    int instances =
        spec.getExecutor() != null && spec.getExecutor().getInstances() != null
            ? spec.getExecutor().getInstances()
            : 1;
    JsonNode tree = Serialization.jsonMapper().valueToTree(spec);
    return new RunShape(
        SparkMemoryMath.heapMiB(driverMemory),
        SparkMemoryMath.containerMiB(driverMemory, driverOverhead),
        SparkMemoryMath.heapMiB(executorMemory),
        SparkMemoryMath.containerMiB(executorMemory, executorOverhead),
        Math.max(1, instances),
        requiresOnDemand(tree, "driver"),
        requiresOnDemand(tree, "executor"));
  }

  private static String first(String typed, Map<String, String> conf, String key) {
    return typed != null && !typed.isBlank() ? typed : conf.get("spark." + key);
  }

  static boolean requiresOnDemand(JsonNode spec, String role) {
    JsonNode pod = spec.path(role);
    JsonNode template = pod.path("template").path("spec");
    for (JsonNode selector :
        new JsonNode[] {
          spec.path("nodeSelector"), pod.path("nodeSelector"), template.path("nodeSelector")
        }) {
      if (onDemandSelector(selector)) {
        return true;
      }
    }
    JsonNode conf = spec.path("sparkConf");
    for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      for (String prefix :
          new String[] {
            "spark.kubernetes.node.selector.", "spark.kubernetes." + role + ".node.selector."
          }) {
        if (key.startsWith(prefix)
            && isCapacityLabel(key.substring(prefix.length()))
            && ON_DEMAND_VALUES.contains(e.getValue().asText())) {
          return true;
        }
      }
    }
    return onDemandAffinity(pod.path("affinity")) || onDemandAffinity(template.path("affinity"));
  }

  private static boolean onDemandSelector(JsonNode selector) {
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (isCapacityLabel(e.getKey()) && ON_DEMAND_VALUES.contains(e.getValue().asText())) {
        return true;
      }
    }
    return false;
  }

  /** Every required term restricts capacity to on-demand values with {@code In}. */
  private static boolean onDemandAffinity(JsonNode affinity) {
    JsonNode terms =
        affinity
            .path("nodeAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution")
            .path("nodeSelectorTerms");
    if (!terms.isArray() || terms.isEmpty()) {
      return false;
    }
    for (JsonNode term : terms) {
      boolean onDemandOnly = false;
      for (JsonNode expression : term.path("matchExpressions")) {
        if (!isCapacityLabel(expression.path("key").asText())
            || !"In".equals(expression.path("operator").asText())) {
          continue;
        }
        boolean all = expression.path("values").size() > 0;
        for (JsonNode value : expression.path("values")) {
          all &= ON_DEMAND_VALUES.contains(value.asText());
        }
        onDemandOnly |= all;
      }
      if (!onDemandOnly) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCapacityLabel(String key) {
    return KARPENTER.equals(key) || EKS.equals(key);
  }
}
