package io.sparkmedic.remediation.plan;

import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a plan follows, as the operator reads them from a {@code TuningPolicy}: a plain value,
 * already validated.
 *
 * @param name the policy's name, for records
 * @param mode remediate, or only advise
 * @param applicationAttempts how many remediations application causes (memory) may get per run
 * @param rules per-category settings; categories absent use {@link Rule#DEFAULT}
 * @param ceilings absolute limits per memory setting; absent means no ceiling
 */
public record RemediationPolicy(
    String name,
    Mode mode,
    int applicationAttempts,
    Map<DiagnosisCategory, Rule> rules,
    Map<MemorySetting, MemoryAmount> ceilings) {

  public static final int DEFAULT_APPLICATION_ATTEMPTS = 3;

  public RemediationPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    if (applicationAttempts < 0) {
      throw new IllegalArgumentException("applicationAttempts cannot be negative");
    }
    rules = rules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rules));
    ceilings = ceilings.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(ceilings));
  }

  /** A policy with every default: remediate, 3 attempts, factor 1.5, no ceilings. */
  public static RemediationPolicy defaults(String name) {
    return new RemediationPolicy(
        name, Mode.REMEDIATE, DEFAULT_APPLICATION_ATTEMPTS, Map.of(), Map.of());
  }

  public Rule rule(DiagnosisCategory category) {
    return rules.getOrDefault(category, Rule.DEFAULT);
  }

  public Optional<MemoryAmount> ceiling(MemorySetting setting) {
    return Optional.ofNullable(ceilings.get(setting));
  }

  /** Whether Sparkmedic changes applications or only says what it would change. */
  public enum Mode {
    REMEDIATE,
    ADVISE
  }

  /** What to do for one category. */
  public record Rule(boolean remediate, double factor) {
    public static final double DEFAULT_FACTOR = 1.5;
    public static final Rule DEFAULT = new Rule(true, DEFAULT_FACTOR);

    public Rule {
      if (!(factor >= 1.0 && factor <= 4.0)) {
        throw new IllegalArgumentException("factor must be between 1.0 and 4.0, was " + factor);
      }
    }
  }

  /** The four memory settings a plan can raise. */
  public enum MemorySetting {
    EXECUTOR_MEMORY(SparkRole.EXECUTOR, false),
    EXECUTOR_MEMORY_OVERHEAD(SparkRole.EXECUTOR, true),
    DRIVER_MEMORY(SparkRole.DRIVER, false),
    DRIVER_MEMORY_OVERHEAD(SparkRole.DRIVER, true);

    private final SparkRole role;
    private final boolean overhead;

    MemorySetting(SparkRole role, boolean overhead) {
      this.role = role;
      this.overhead = overhead;
    }

    public SparkRole role() {
      return role;
    }

    public boolean overhead() {
      return overhead;
    }

    public SpecPath path() {
      return SpecPath.of("spec", role.specField(), overhead ? "memoryOverhead" : "memory");
    }

    /** "executor memoryOverhead", "driver memory". */
    public String displayName() {
      return role.displayName() + (overhead ? " memoryOverhead" : " memory");
    }
  }
}
