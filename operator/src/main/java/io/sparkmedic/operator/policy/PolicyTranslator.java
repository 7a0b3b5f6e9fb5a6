package io.sparkmedic.operator.policy;

import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.plan.RemediationPolicy.MemorySetting;
import io.sparkmedic.remediation.plan.RemediationPolicy.Rule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link TuningPolicy} into the remediation core's {@link RemediationPolicy}, collecting
 * every problem instead of stopping at the first, so the policy's status can list them all.
 */
public final class PolicyTranslator {

  /** The policy, or what is wrong with it. */
  public record Result(RemediationPolicy policy, List<String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private PolicyTranslator() {}

  public static Result translate(TuningPolicy tuningPolicy) {
    String name = tuningPolicy.getMetadata().getName();
    TuningPolicySpec spec = tuningPolicy.getSpec();
    List<String> errors = new ArrayList<>();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    RemediationPolicy.Mode mode =
        spec.getMode() == TuningPolicySpec.PolicyMode.Advise
            ? RemediationPolicy.Mode.ADVISE
            : RemediationPolicy.Mode.REMEDIATE;
    RemediationPolicy.Strategy strategy =
        spec.getStrategy() == TuningPolicySpec.Strategy.NewApplication
            ? RemediationPolicy.Strategy.NEW_APPLICATION
            : RemediationPolicy.Strategy.IN_PLACE;
    int attempts = RemediationPolicy.DEFAULT_APPLICATION_ATTEMPTS;
    int infraAttempts = RemediationPolicy.DEFAULT_INFRASTRUCTURE_ATTEMPTS;
    if (spec.getBudget() != null) {
      if (spec.getBudget().getApplicationAttempts() != null) {
        attempts = spec.getBudget().getApplicationAttempts();
        if (attempts < 0 || attempts > 20) {
          errors.add("spec.budget.applicationAttempts must be between 0 and 20, was " + attempts);
        }
      }
      if (spec.getBudget().getInfrastructureAttempts() != null) {
        infraAttempts = spec.getBudget().getInfrastructureAttempts();
        if (infraAttempts < 0 || infraAttempts > 50) {
          errors.add(
              "spec.budget.infrastructureAttempts must be between 0 and 50, was " + infraAttempts);
        }
      }
    }
    RemediationPolicy.Backoff backoff = RemediationPolicy.Backoff.DEFAULT;
    if (spec.getBackoff() != null) {
      TuningPolicySpec.Backoff b = spec.getBackoff();
      long initial =
          b.getInitialSeconds() == null ? backoff.initial().toSeconds() : b.getInitialSeconds();
      long max = b.getMaxSeconds() == null ? backoff.max().toSeconds() : b.getMaxSeconds();
      double multiplier = b.getMultiplier() == null ? backoff.multiplier() : b.getMultiplier();
      if (initial < 0 || max < 0 || max < initial || !(multiplier >= 1.0 && multiplier <= 10.0)) {
        errors.add(
            "spec.backoff needs 0 ≤ initialSeconds ≤ maxSeconds and multiplier between 1.0 and"
                + " 10.0, was initialSeconds="
                + initial
                + ", maxSeconds="
                + max
                + ", multiplier="
                + multiplier);
      } else {
        backoff =
            new RemediationPolicy.Backoff(
                java.time.Duration.ofSeconds(initial),
                multiplier,
                java.time.Duration.ofSeconds(max));
      }
    }
    RemediationPolicy.OnDemand onDemand = RemediationPolicy.OnDemand.KARPENTER;
    if (spec.getOnDemand() != null) {
      TuningPolicySpec.OnDemand o = spec.getOnDemand();
      String key = o.getLabelKey() == null ? onDemand.labelKey() : o.getLabelKey();
      List<String> values =
          o.getLabelValues() == null || o.getLabelValues().isEmpty()
              ? defaultOnDemandValues(key)
              : o.getLabelValues();
      RemediationPolicy.OnDemand.Scope scope =
          o.getScope() == null
              ? RemediationPolicy.OnDemand.Scope.ALL
              : switch (o.getScope()) {
                case Executors -> RemediationPolicy.OnDemand.Scope.EXECUTORS;
                case Driver -> RemediationPolicy.OnDemand.Scope.DRIVER;
                case All -> RemediationPolicy.OnDemand.Scope.ALL;
              };
      if (key.isBlank()) {
        errors.add("spec.onDemand.labelKey must not be empty");
      } else {
        onDemand =
            new RemediationPolicy.OnDemand(
                key, values, scope, o.getAfterSpotLosses() == null ? 1 : o.getAfterSpotLosses());
      }
    }
    Map<DiagnosisCategory, Rule> rules = new EnumMap<>(DiagnosisCategory.class);
    List<TuningPolicySpec.CategoryRule> specRules =
        spec.getRules() == null ? List.of() : spec.getRules();
    for (int i = 0; i < specRules.size(); i++) {
      TuningPolicySpec.CategoryRule rule = specRules.get(i);
      String where = "spec.rules[" + i + "]";
      DiagnosisCategory category;
      try {
        category = DiagnosisCategory.valueOf(String.valueOf(rule.getCategory()));
      } catch (IllegalArgumentException e) {
        errors.add(where + ".category \"" + rule.getCategory() + "\" is not a diagnosis category");
        continue;
      }
      if (rules.containsKey(category)) {
        errors.add(where + ".category " + category + " is listed twice");
        continue;
      }
      double factor = rule.getFactor() == null ? Rule.DEFAULT_FACTOR : rule.getFactor();
      if (!(factor >= 1.0 && factor <= 4.0)) {
        errors.add(where + ".factor must be between 1.0 and 4.0, was " + factor);
        continue;
      }
      rules.put(category, new Rule(rule.getAction() != TuningPolicySpec.RuleAction.Ignore, factor));
    }
    Map<MemorySetting, MemoryAmount> ceilings = new EnumMap<>(MemorySetting.class);
    TuningPolicySpec.Ceilings c = spec.getCeilings();
    Integer maxExecutors = null;
    MemoryAmount maxTotal = null;
    if (c != null) {
      maxExecutors = c.getExecutors();
      if (maxExecutors != null && maxExecutors < 1) {
        errors.add("spec.ceilings.executors must be at least 1, was " + maxExecutors);
      }
      if (c.getTotalMemory() != null) {
        try {
          maxTotal = MemoryAmount.parse(c.getTotalMemory());
        } catch (IllegalArgumentException e) {
          errors.add("spec.ceilings.totalMemory: " + e.getMessage());
        }
      }
      ceiling(
          ceilings, errors, MemorySetting.EXECUTOR_MEMORY, "executorMemory", c.getExecutorMemory());
      ceiling(
          ceilings,
          errors,
          MemorySetting.EXECUTOR_MEMORY_OVERHEAD,
          "executorMemoryOverhead",
          c.getExecutorMemoryOverhead());
      ceiling(ceilings, errors, MemorySetting.DRIVER_MEMORY, "driverMemory", c.getDriverMemory());
      ceiling(
          ceilings,
          errors,
          MemorySetting.DRIVER_MEMORY_OVERHEAD,
          "driverMemoryOverhead",
          c.getDriverMemoryOverhead());
    }
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    return new Result(
        new RemediationPolicy(
            name,
            mode,
            strategy,
            attempts,
            infraAttempts,
            backoff,
            rules,
            ceilings,
            maxExecutors,
            maxTotal,
            onDemand),
        List.of());
  }

  /** The on-demand value of the well-known capacity labels. */
  private static List<String> defaultOnDemandValues(String key) {
    return key.equals("eks.amazonaws.com/capacityType")
        ? List.of("ON_DEMAND")
        : List.of("on-demand");
  }

  private static void ceiling(
      Map<MemorySetting, MemoryAmount> ceilings,
      List<String> errors,
      MemorySetting setting,
      String field,
      String value) {
    if (value == null) {
      return;
    }
    try {
      ceilings.put(setting, MemoryAmount.parse(value));
    } catch (IllegalArgumentException e) {
      errors.add("spec.ceilings." + field + ": " + e.getMessage());
    }
  }
}
