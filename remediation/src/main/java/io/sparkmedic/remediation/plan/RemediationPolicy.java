package io.sparkmedic.remediation.plan;

import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory.Cause;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.signal.SparkRole;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a plan follows, as the operator reads them from a {@code TuningPolicy}: a plain value,
 * already validated.
 *
 * @param name the policy's name, for records
 * @param mode remediate, or only advise
 * @param strategy how a plan is applied: the same application, or a new one
 * @param applicationAttempts resubmissions allowed for application causes (memory, parallelism)
 * @param infrastructureAttempts resubmissions allowed for infrastructure causes (spot, nodes,
 *     transient errors, unknown)
 * @param backoff the wait before each resubmission
 * @param rules per-category settings; categories absent use {@link Rule#DEFAULT}
 * @param ceilings absolute limits per memory setting; absent means no ceiling
 * @param maxExecutors the most executors a plan may ask for, or null
 * @param maxTotalMemory the most memory one run may hold (driver + all executors), or null
 * @param onDemand where on-demand capacity is, and what moves there after spot losses
 */
public record RemediationPolicy(
    String name,
    Mode mode,
    Strategy strategy,
    int applicationAttempts,
    int infrastructureAttempts,
    Backoff backoff,
    Map<DiagnosisCategory, Rule> rules,
    Map<MemorySetting, MemoryAmount> ceilings,
    Integer maxExecutors,
    MemoryAmount maxTotalMemory,
    OnDemand onDemand) {

  public static final int DEFAULT_APPLICATION_ATTEMPTS = 3;
  public static final int DEFAULT_INFRASTRUCTURE_ATTEMPTS = 5;

  public RemediationPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    strategy = strategy == null ? Strategy.IN_PLACE : strategy;
    if (applicationAttempts < 0 || infrastructureAttempts < 0) {
      throw new IllegalArgumentException("attempt budgets cannot be negative");
    }
    backoff = backoff == null ? Backoff.DEFAULT : backoff;
    rules = rules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rules));
    ceilings = ceilings.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(ceilings));
    onDemand = onDemand == null ? OnDemand.KARPENTER : onDemand;
  }

  /** A policy with the given memory rules and every other default. */
  public RemediationPolicy(
      String name,
      Mode mode,
      int applicationAttempts,
      Map<DiagnosisCategory, Rule> rules,
      Map<MemorySetting, MemoryAmount> ceilings) {
    this(
        name,
        mode,
        Strategy.IN_PLACE,
        applicationAttempts,
        DEFAULT_INFRASTRUCTURE_ATTEMPTS,
        Backoff.DEFAULT,
        rules,
        ceilings,
        null,
        null,
        OnDemand.KARPENTER);
  }

  /** A policy with every default: remediate in place, factor 1.5, no ceilings. */
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

  /** The resubmissions a cause of this kind may get. */
  public int budget(Cause cause) {
    return RemediationHistory.budgetOf(cause) == Cause.APPLICATION
        ? applicationAttempts
        : infrastructureAttempts;
  }

  /** Whether Sparkmedic changes applications or only says what it would change. */
  public enum Mode {
    REMEDIATE,
    ADVISE
  }

  /** How a plan reaches the cluster. */
  public enum Strategy {
    /** Patch the application; the Spark operator restarts it under the same name. */
    IN_PLACE,
    /** Create {@code <name>-r<N>} with the changes; the failed application stays as it was. */
    NEW_APPLICATION
  }

  /**
   * The wait before resubmission number {@code n} (1-based): {@code initial × multiplier^(n-1)}, at
   * most {@code max}.
   */
  public record Backoff(Duration initial, double multiplier, Duration max) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(15), 2.0, Duration.ofMinutes(10));

    public Backoff {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || max.isNegative() || !(multiplier >= 1.0)) {
        throw new IllegalArgumentException("backoff needs initial, max ≥ 0 and multiplier ≥ 1");
      }
    }

    public Duration before(int resubmission) {
      double seconds = initial.toMillis() * Math.pow(multiplier, Math.max(0, resubmission - 1));
      long millis = (long) Math.min(seconds, (double) max.toMillis());
      return Duration.ofMillis(millis);
    }
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

  /**
   * On-demand capacity: the node label that selects it, which pods move there after a spot loss,
   * and after how many spot losses.
   */
  public record OnDemand(
      String labelKey, List<String> labelValues, Scope scope, int afterSpotLosses) {
    /** Karpenter's capacity-type label. */
    public static final OnDemand KARPENTER =
        new OnDemand("karpenter.sh/capacity-type", List.of("on-demand"), Scope.ALL, 1);

    public OnDemand {
      Objects.requireNonNull(labelKey, "labelKey");
      labelValues = List.copyOf(labelValues);
      if (labelValues.isEmpty()) {
        throw new IllegalArgumentException("on-demand needs at least one label value");
      }
      scope = scope == null ? Scope.ALL : scope;
      afterSpotLosses = Math.max(1, afterSpotLosses);
    }

    public boolean moves(SparkRole role) {
      return scope == Scope.ALL
          || (scope == Scope.EXECUTORS && role == SparkRole.EXECUTOR)
          || (scope == Scope.DRIVER && role == SparkRole.DRIVER);
    }

    /** Which pods move to on-demand capacity. */
    public enum Scope {
      EXECUTORS,
      DRIVER,
      ALL
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
