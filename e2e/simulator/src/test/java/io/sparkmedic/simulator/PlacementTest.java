package io.sparkmedic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Placement executor(String specJson) {
    return Placement.resolve(JSON.unmarshal(specJson, SparkApplicationSpec.class), "executor");
  }

  private static String requiredAffinity(String where, String key, String operator, String values) {
    String affinity =
        "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
            + "[{\"matchExpressions\":[{\"key\":\""
            + key
            + "\",\"operator\":\""
            + operator
            + "\",\"values\":"
            + values
            + "}]}]}}}";
    return where.equals("template")
        ? "{\"executor\":{\"template\":{\"spec\":{\"affinity\":" + affinity + "}}}}"
        : "{\"executor\":{\"affinity\":" + affinity + "}}";
  }

  @Test
  void noConstraintLeavesTheDefault() {
    Placement placement = executor("{\"executor\":{\"instances\":2}}");
    assertThat(placement.required()).isNull();
    assertThat(placement.nodeSelector()).isEmpty();
    assertThat(placement.affinity()).isNull();
  }

  @Test
  void karpenterNodeSelectorOnTheRole() {
    Placement placement =
        executor(
            "{\"executor\":{\"nodeSelector\":{\"karpenter.sh/capacity-type\":\"on-demand\"}}}");
    assertThat(placement.required()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(placement.eksLabel()).isFalse();
    assertThat(placement.nodeSelector()).containsEntry("karpenter.sh/capacity-type", "on-demand");
  }

  @Test
  void eksNodeSelectorInTheTemplate() {
    Placement placement =
        executor(
            "{\"executor\":{\"template\":{\"spec\":{\"nodeSelector\":"
                + "{\"eks.amazonaws.com/capacityType\":\"ON_DEMAND\"}}}}}");
    assertThat(placement.required()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(placement.eksLabel()).isTrue();
  }

  @Test
  void requiredAffinityOnTheRoleAndInTheTemplate() {
    assertThat(
            executor(
                    requiredAffinity("role", "karpenter.sh/capacity-type", "In", "[\"on-demand\"]"))
                .required())
        .isEqualTo(CapacityType.ON_DEMAND);
    Placement template =
        executor(
            requiredAffinity("template", "karpenter.sh/capacity-type", "In", "[\"on-demand\"]"));
    assertThat(template.required()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(template.affinity().getNodeAffinity()).isNotNull();
    assertThat(
            executor(requiredAffinity("role", "karpenter.sh/capacity-type", "NotIn", "[\"spot\"]"))
                .required())
        .isEqualTo(CapacityType.ON_DEMAND);
    assertThat(
            executor(requiredAffinity("role", "eks.amazonaws.com/capacityType", "In", "[\"SPOT\"]"))
                .required())
        .isEqualTo(CapacityType.SPOT);
  }

  @Test
  void bothCapacityTypesAllowedMeansTheDefault() {
    assertThat(
            executor(
                    requiredAffinity(
                        "role", "karpenter.sh/capacity-type", "In", "[\"spot\",\"on-demand\"]"))
                .required())
        .isNull();
  }

  @Test
  void appLevelSelectorAndSparkConfApplyToEveryRole() {
    assertThat(
            Placement.resolve(
                    JSON.unmarshal(
                        "{\"nodeSelector\":{\"karpenter.sh/capacity-type\":\"on-demand\"}}",
                        SparkApplicationSpec.class),
                    "driver")
                .required())
        .isEqualTo(CapacityType.ON_DEMAND);
    assertThat(
            executor(
                    "{\"sparkConf\":{\"spark.kubernetes.executor.node.selector.karpenter.sh/capacity-type\":\"on-demand\"}}")
                .required())
        .isEqualTo(CapacityType.ON_DEMAND);
  }
}
