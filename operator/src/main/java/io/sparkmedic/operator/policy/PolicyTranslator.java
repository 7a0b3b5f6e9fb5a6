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
    int attempts = RemediationPolicy.DEFAULT_APPLICATION_ATTEMPTS;
    if (spec.getBudget() != null && spec.getBudget().getApplicationAttempts() != null) {
      attempts = spec.getBudget().getApplicationAttempts();
      if (attempts < 0 || attempts > 20) {
        errors.add("spec.budget.applicationAttempts must be between 0 and 20, was " + attempts);
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
    if (c != null) {
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
    return new Result(new RemediationPolicy(name, mode, attempts, rules, ceilings), List.of());
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
