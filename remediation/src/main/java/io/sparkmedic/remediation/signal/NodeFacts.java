package io.sparkmedic.remediation.signal;

import java.util.List;
import java.util.Objects;

/**
 * What was known about a node a Spark pod ran on, kept after the node is gone (a reclaimed spot
 * node is deleted within minutes).
 *
 * @param name the node's name
 * @param capacityType spot, on-demand, or unknown, from its capacity label
 * @param capacityLabel the label that said so ({@code karpenter.sh/capacity-type=spot}), or null
 * @param taints the node's taints when last seen, as {@code key[=value]:effect}
 * @param ready the node's {@code Ready} condition status ({@code True}, {@code False}, {@code
 *     Unknown}), or null
 * @param gone whether the node was found deleted when Sparkmedic looked again
 */
public record NodeFacts(
    String name,
    CapacityType capacityType,
    String capacityLabel,
    List<String> taints,
    String ready,
    boolean gone) {

  /** Spot taints set when a node is about to be reclaimed or drained for an interruption. */
  public static final List<String> INTERRUPTION_TAINT_KEYS =
      List.of(
          "aws-node-termination-handler/spot-itn",
          "aws-node-termination-handler/rebalance-recommendation",
          "karpenter.sh/disrupted",
          "karpenter.sh/disruption");

  /** Taints the node lifecycle controller sets on a node it lost contact with. */
  public static final List<String> UNREACHABLE_TAINT_KEYS =
      List.of(
          "node.kubernetes.io/unreachable",
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/out-of-service");

  /** How the node is billed. */
  public enum CapacityType {
    SPOT,
    ON_DEMAND,
    UNKNOWN
  }

  public NodeFacts {
    Objects.requireNonNull(name, "name");
    capacityType = capacityType == null ? CapacityType.UNKNOWN : capacityType;
    taints = taints == null ? List.of() : List.copyOf(taints);
  }

  public boolean spot() {
    return capacityType == CapacityType.SPOT;
  }

  /** The first interruption taint, or null. */
  public String interruptionTaint() {
    return firstTaint(INTERRUPTION_TAINT_KEYS);
  }

  /** The first unreachable / not-ready taint, or null. */
  public String unreachableTaint() {
    return firstTaint(UNREACHABLE_TAINT_KEYS);
  }

  public boolean notReady() {
    return "False".equals(ready) || "Unknown".equals(ready);
  }

  private String firstTaint(List<String> keys) {
    return taints.stream()
        .filter(
            t ->
                keys.stream()
                    .anyMatch(k -> t.equals(k) || t.startsWith(k + "=") || t.startsWith(k + ":")))
        .findFirst()
        .orElse(null);
  }

  /** "node ip-10-0-41-7 (spot, karpenter.sh/capacity-type=spot)". */
  public String describe() {
    String kind =
        switch (capacityType) {
          case SPOT -> "spot";
          case ON_DEMAND -> "on-demand";
          case UNKNOWN -> "capacity type unknown";
        };
    return "node " + name + " (" + kind + (capacityLabel == null ? "" : ", " + capacityLabel) + ")";
  }
}
