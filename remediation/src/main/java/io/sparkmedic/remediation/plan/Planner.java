package io.sparkmedic.remediation.plan;

import io.sparkmedic.remediation.diagnosis.Confidence;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.plan.RemediationPolicy.MemorySetting;
import io.sparkmedic.remediation.plan.RemediationPolicy.Rule;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a diagnosis into a plan under a policy: each memory cause raises its own setting by the
 * rule's factor, never past the policy's ceiling, and each setting is raised at most once per plan
 * however many diagnoses point at it.
 */
public final class Planner {

  public RemediationPlan plan(
      DiagnosisReport report,
      SparkSettings settings,
      RemediationPolicy policy,
      int previousAttempts) {
    Diagnosis primary = report.primary();
    if (!report.retryable()) {
      return new RemediationPlan(
          RemediationPlan.Decision.NOT_RETRYABLE,
          List.of(),
          primary.category() + " is not retryable: another run would fail the same way.");
    }
    if (previousAttempts >= policy.applicationAttempts()) {
      return new RemediationPlan(
          RemediationPlan.Decision.EXHAUSTED,
          List.of(),
          "Policy "
              + policy.name()
              + " allows "
              + policy.applicationAttempts()
              + " remediation"
              + (policy.applicationAttempts() == 1 ? "" : "s")
              + " per application and "
              + previousAttempts
              + " were made.");
    }
    Map<MemorySetting, SpecChange> changes = new LinkedHashMap<>();
    List<String> capped = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (Diagnosis diagnosis : report.diagnoses()) {
      Optional<MemorySetting> setting = settingFor(diagnosis.category());
      if (setting.isEmpty() || diagnosis.confidence() == Confidence.LOW) {
        continue;
      }
      Rule rule = policy.rule(diagnosis.category());
      if (!rule.remediate()) {
        ignored.add(diagnosis.category().name());
        continue;
      }
      if (changes.containsKey(setting.get())) {
        continue;
      }
      raise(setting.get(), rule.factor(), settings, policy, diagnosis)
          .ifPresentOrElse(
              c -> changes.put(setting.get(), c),
              () -> capped.add(capNote(setting.get(), settings, policy)));
    }
    if (!changes.isEmpty()) {
      String reason =
          "Raise "
              + String.join(
                  " and ", changes.keySet().stream().map(MemorySetting::displayName).toList())
              + " for "
              + primary.category()
              + (capped.isEmpty() ? "." : "; " + String.join("; ", capped) + ".");
      return new RemediationPlan(
          RemediationPlan.Decision.RESUBMIT, List.copyOf(changes.values()), reason);
    }
    if (!capped.isEmpty()) {
      return new RemediationPlan(
          RemediationPlan.Decision.CAP_REACHED, List.of(), String.join("; ", capped) + ".");
    }
    if (!ignored.isEmpty()) {
      return new RemediationPlan(
          RemediationPlan.Decision.NO_ACTION,
          List.of(),
          "Policy " + policy.name() + " ignores " + String.join(", ", ignored) + ".");
    }
    return new RemediationPlan(
        RemediationPlan.Decision.NO_ACTION,
        List.of(),
        primary.category() == DiagnosisCategory.UNKNOWN
            ? "No cause was found with enough evidence to change anything."
            : "No remedy is defined for " + primary.category() + " yet.");
  }

  static Optional<MemorySetting> settingFor(DiagnosisCategory category) {
    return Optional.ofNullable(
        switch (category) {
          case EXECUTOR_HEAP_OOM -> MemorySetting.EXECUTOR_MEMORY;
          case EXECUTOR_CONTAINER_OOM -> MemorySetting.EXECUTOR_MEMORY_OVERHEAD;
          case DRIVER_HEAP_OOM -> MemorySetting.DRIVER_MEMORY;
          case DRIVER_CONTAINER_OOM -> MemorySetting.DRIVER_MEMORY_OVERHEAD;
          default -> null;
        });
  }

  private static Optional<SpecChange> raise(
      MemorySetting setting,
      double factor,
      SparkSettings settings,
      RemediationPolicy policy,
      Diagnosis diagnosis) {
    SparkSettings.Resolved current = current(setting, settings);
    MemoryAmount wanted = current.amount().times(factor);
    Optional<MemoryAmount> ceiling = policy.ceiling(setting);
    if (ceiling.isPresent() && !ceiling.get().isGreaterThan(current.amount())) {
      return Optional.empty();
    }
    MemoryAmount target = ceiling.map(wanted::min).orElse(wanted);
    boolean cut = target.compareTo(wanted) < 0;
    String reason =
        diagnosis.category()
            + ": "
            + capitalize(setting.displayName())
            + " was "
            + current.amount().toSparkString()
            + " ("
            + current.source()
            + "); ×"
            + trimFactor(factor)
            + " gives "
            + wanted.toSparkString()
            + (cut
                ? ", cut to the policy's ceiling of " + target.toSparkString()
                : containerNote(setting, settings, target))
            + ".";
    return Optional.of(
        new SpecChange(
            setting.path(),
            current.explicit() ? current.amount().toSparkString() : null,
            target.toSparkString(),
            reason));
  }

  private static String containerNote(
      MemorySetting setting, SparkSettings settings, MemoryAmount target) {
    MemoryAmount other =
        setting.overhead()
            ? settings.heap(setting.role()).amount()
            : settings.overhead(setting.role()).amount();
    if (setting.overhead()) {
      return ", so each "
          + setting.role().displayName()
          + " container gets "
          + other.plus(target).toSparkString()
          + " (heap "
          + other.toSparkString()
          + " + overhead "
          + target.toSparkString()
          + ")";
    }
    return "";
  }

  private static String capNote(
      MemorySetting setting, SparkSettings settings, RemediationPolicy policy) {
    return capitalize(setting.displayName())
        + " is already "
        + current(setting, settings).amount().toSparkString()
        + ", at or above the policy's ceiling of "
        + policy.ceiling(setting).map(MemoryAmount::toSparkString).orElse("?");
  }

  private static SparkSettings.Resolved current(MemorySetting setting, SparkSettings settings) {
    return setting.overhead() ? settings.overhead(setting.role()) : settings.heap(setting.role());
  }

  private static String trimFactor(double factor) {
    return factor == Math.rint(factor)
        ? String.valueOf((long) factor)
        : String.format(Locale.ROOT, "%s", factor);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
