package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.NodeFacts.CapacityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Node} into {@link NodeFacts}: its capacity type from the labels Karpenter ({@code
 * karpenter.sh/capacity-type}) and EKS managed node groups ({@code eks.amazonaws.com/capacityType})
 * set, or from extra label keys a platform configures, its taints and its {@code Ready} condition.
 */
public final class NodeFactsReader {

  public static final List<String> DEFAULT_CAPACITY_LABELS =
      List.of("karpenter.sh/capacity-type", "eks.amazonaws.com/capacityType");

  private static final Set<String> SPOT_VALUES = Set.of("spot", "preemptible", "true");
  private static final Set<String> ON_DEMAND_VALUES =
      Set.of(
          "on-demand",
          "on_demand",
          "ondemand",
          "normal",
          "reserved",
          "capacity_block",
          "regular",
          "false");

  private final List<String> capacityLabels;

  /** Reads the default capacity labels, then the extra ones, in that order. */
  public NodeFactsReader(List<String> extraCapacityLabels) {
    List<String> keys = new ArrayList<>(DEFAULT_CAPACITY_LABELS);
    extraCapacityLabels.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    this.capacityLabels = List.copyOf(keys);
  }

  public NodeFacts read(Node node) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    CapacityType type = CapacityType.UNKNOWN;
    String label = null;
    for (String key : capacityLabels) {
      String value = labels.get(key);
      if (value == null) {
        continue;
      }
      String v = value.toLowerCase(Locale.ROOT);
      if (SPOT_VALUES.contains(v)) {
        type = CapacityType.SPOT;
      } else if (ON_DEMAND_VALUES.contains(v)) {
        type = CapacityType.ON_DEMAND;
      } else {
        continue;
      }
      label = key + "=" + value;
      break;
    }
    List<String> taints = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        taints.add(
            t.getKey()
                + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue())
                + ":"
                + t.getEffect());
      }
    }
    String ready = null;
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      ready =
          node.getStatus().getConditions().stream()
              .filter(c -> "Ready".equals(c.getType()))
              .map(NodeCondition::getStatus)
              .findFirst()
              .orElse(null);
    }
    return new NodeFacts(node.getMetadata().getName(), type, label, taints, ready, false);
  }
}
