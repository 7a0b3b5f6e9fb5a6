package io.sparkmedic.remediation.signal;

import java.util.Locale;

/** The two kinds of Spark pod, as Spark's {@code spark-role} label names them. */
public enum SparkRole {
  DRIVER,
  EXECUTOR;

  /** The role for a {@code spark-role} label value, or {@code null} for anything else. */
  public static SparkRole fromLabel(String label) {
    if (label == null) {
      return null;
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "driver" -> DRIVER;
      case "executor" -> EXECUTOR;
      default -> null;
    };
  }

  /** {@code spec.driver} or {@code spec.executor}. */
  public String specField() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
