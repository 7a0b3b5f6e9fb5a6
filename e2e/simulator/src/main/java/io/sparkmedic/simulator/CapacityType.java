package io.sparkmedic.simulator;

/**
 * How a node is bought on EKS: what Karpenter's {@code karpenter.sh/capacity-type} label says
 * ({@code spot} or {@code on-demand}) and EKS managed node groups' {@code
 * eks.amazonaws.com/capacityType} ({@code SPOT} or {@code ON_DEMAND}) (research:
 * remediation-anchors.md §3).
 */
public enum CapacityType {
  SPOT("spot", "SPOT"),
  ON_DEMAND("on-demand", "ON_DEMAND");

  /** Karpenter's node label. */
  public static final String KARPENTER_LABEL = "karpenter.sh/capacity-type";

  /** EKS managed node groups' node label. */
  public static final String EKS_LABEL = "eks.amazonaws.com/capacityType";

  private final String karpenterValue;
  private final String eksValue;

  CapacityType(String karpenterValue, String eksValue) {
    this.karpenterValue = karpenterValue;
    this.eksValue = eksValue;
  }

  /** {@code spot} or {@code on-demand}. */
  public String karpenterValue() {
    return karpenterValue;
  }

  /** {@code SPOT} or {@code ON_DEMAND}. */
  public String eksValue() {
    return eksValue;
  }

  /** The capacity a value of {@code labelKey} names, or null (another key, or {@code reserved}). */
  static CapacityType ofLabel(String labelKey, String value) {
    if (value == null) {
      return null;
    }
    for (CapacityType type : values()) {
      if ((KARPENTER_LABEL.equals(labelKey) && type.karpenterValue.equals(value))
          || (EKS_LABEL.equals(labelKey) && type.eksValue.equals(value))) {
        return type;
      }
    }
    return null;
  }

  static boolean isCapacityLabel(String key) {
    return KARPENTER_LABEL.equals(key) || EKS_LABEL.equals(key);
  }
}
