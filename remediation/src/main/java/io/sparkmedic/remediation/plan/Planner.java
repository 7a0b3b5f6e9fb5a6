package io.sparkmedic.remediation.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmedic.remediation.diagnosis.Confidence;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory.Cause;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.plan.RemediationPolicy.MemorySetting;
import io.sparkmedic.remediation.plan.RemediationPolicy.Rule;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a diagnosis into one plan under a policy. The primary cause decides whether to act and
 * which budget pays; its remedy, and those of secondary causes found with high confidence, are
 * combined: each setting is changed at most once, and every change stays inside the policy's
 * ceilings (per setting, executors, total memory per run).
 *
 * <ul>
 *   <li>memory: raise the setting that ran out by the rule's factor; at its ceiling, an executor
 *       heap OOM gets more shuffle partitions instead (smaller tasks), other memory causes stop at
 *       {@code CAP_REACHED};
 *   <li>spot interruption: move the policy's scope (driver and/or executors) to on-demand capacity
 *       through the pod template, once the policy's spot-loss threshold is met; else retry;
 *   <li>lost nodes, transient errors, fetch failures, timeouts, transient submission failures:
 *       retry unchanged after the backoff (nodes: on-demand after two losses);
 *   <li>too little parallelism: more executors (or {@code maxExecutors} with dynamic allocation)
 *       and more shuffle partitions;
 *   <li>an unknown cause: retry unchanged once at most; a code error: never.
 * </ul>
 */
public final class Planner {

  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  static final int DEFAULT_SHUFFLE_PARTITIONS = 200;
  static final int MAX_SHUFFLE_PARTITIONS = 20_000;

  private static final Set<DiagnosisCategory> RETRY_UNCHANGED =
      Set.of(
          DiagnosisCategory.NODE_LOSS,
          DiagnosisCategory.TRANSIENT_EXTERNAL,
          DiagnosisCategory.SHUFFLE_FETCH_FAILURE,
          DiagnosisCategory.STUCK,
          DiagnosisCategory.SUBMISSION_FAILURE,
          DiagnosisCategory.SPOT_INTERRUPTION,
          DiagnosisCategory.UNKNOWN);

  /**
   * What a primary cause brings about, whose own remedies would treat the symptom: memory for every
   * executor hides one hot key.
   */
  private static final Map<DiagnosisCategory, Set<DiagnosisCategory>> SYMPTOMS =
      Map.of(
          DiagnosisCategory.DATA_SKEW,
          Set.of(DiagnosisCategory.EXECUTOR_HEAP_OOM, DiagnosisCategory.EXECUTOR_CONTAINER_OOM));

  private static final String DECOMMISSION_ADVICE =
      "Set spark.decommission.enabled=true, spark.storage.decommission.enabled=true and"
          + " spark.storage.decommission.shuffleBlocks.enabled=true: executors on a reclaimed spot"
          + " node then hand their shuffle data over during the 2-minute notice instead of losing it.";

  /** A plan for a failure with no earlier remediation. */
  public RemediationPlan plan(
      DiagnosisReport report,
      SparkSettings settings,
      RemediationPolicy policy,
      int previousAttempts) {
    List<RemediationHistory.Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < previousAttempts; i++) {
      attempts.add(new RemediationHistory.Attempt(report.primary().category(), true));
    }
    return plan(report, settings, policy, new RemediationHistory(attempts));
  }

  public RemediationPlan plan(
      DiagnosisReport report,
      SparkSettings settings,
      RemediationPolicy policy,
      RemediationHistory history) {
    Diagnosis primary = report.primary();
    DiagnosisCategory category = primary.category();
    if (!report.retryable()) {
      return new RemediationPlan(
          RemediationPlan.Decision.NOT_RETRYABLE,
          List.of(),
          category == DiagnosisCategory.USER_CODE_ERROR
              ? "USER_CODE_ERROR is not retryable: another run would fail the same way."
              : category + " will not pass on a retry: it needs a fix, not a resubmission.");
    }
    if (!policy.rule(category).remediate()) {
      return new RemediationPlan(
          RemediationPlan.Decision.NO_ACTION,
          List.of(),
          "Policy " + policy.name() + " ignores " + category + ".");
    }
    Cause budget = RemediationHistory.budgetOf(category);
    int used = history.resubmissions(budget);
    int allowed = policy.budget(budget);
    if (used >= allowed) {
      return new RemediationPlan(
          RemediationPlan.Decision.EXHAUSTED,
          List.of(),
          "Policy "
              + policy.name()
              + " allows "
              + allowed
              + " resubmission"
              + (allowed == 1 ? "" : "s")
              + " for "
              + (budget == Cause.APPLICATION ? "application" : "infrastructure")
              + " causes and "
              + used
              + (used == 1 ? " was" : " were")
              + " made.");
    }
    if (category == DiagnosisCategory.UNKNOWN
        && history.resubmissionsFor(DiagnosisCategory.UNKNOWN) >= 1) {
      return new RemediationPlan(
          RemediationPlan.Decision.NO_ACTION,
          List.of(),
          "The cause is unknown and one blind retry was already made; another would only spend resources.");
    }

    Changes changes = new Changes(settings, policy);
    Set<DiagnosisCategory> symptoms = SYMPTOMS.getOrDefault(category, Set.of());
    for (Diagnosis d : report.diagnoses()) {
      boolean isPrimary = d == primary;
      if (d.confidence() == Confidence.LOW
          || (!isPrimary && d.confidence() != Confidence.HIGH)
          || (!isPrimary && symptoms.contains(d.category()))) {
        continue;
      }
      Rule rule = policy.rule(d.category());
      if (!rule.remediate() || !d.retryable()) {
        continue;
      }
      remedy(d, rule, settings, policy, history, changes, isPrimary);
    }

    if (!changes.byPath.isEmpty()) {
      String reason =
          "For "
              + category
              + ": "
              + String.join("; ", changes.summaries)
              + (changes.capped.isEmpty() ? "." : "; " + String.join("; ", changes.capped) + ".");
      return new RemediationPlan(
          RemediationPlan.Decision.RESUBMIT,
          List.copyOf(changes.byPath.values()),
          reason,
          changes.advice);
    }
    if (!changes.capped.isEmpty() && category.isMemory()) {
      return new RemediationPlan(
          RemediationPlan.Decision.CAP_REACHED,
          List.of(),
          String.join("; ", changes.capped) + ".",
          changes.advice);
    }
    if (RETRY_UNCHANGED.contains(category)
        || category == DiagnosisCategory.INSUFFICIENT_PARALLELISM) {
      String why =
          switch (category) {
            case SPOT_INTERRUPTION ->
                changes.capped.isEmpty()
                    ? "Retry unchanged: the spot loss was outside the job"
                        + (policy.onDemand().afterSpotLosses()
                                > history.resubmissionsFor(category) + 1
                            ? "; the policy moves to on-demand after "
                                + policy.onDemand().afterSpotLosses()
                                + " spot losses"
                            : ", and the pods already run on on-demand capacity")
                    : "Retry unchanged: " + String.join("; ", changes.capped);
            case UNKNOWN ->
                "Retry unchanged, once: nothing shows a cause that a resource change would fix.";
            case INSUFFICIENT_PARALLELISM ->
                "Retry unchanged: " + String.join("; ", changes.capped);
            default ->
                "Retry unchanged after the backoff: "
                    + category
                    + " is outside the job's configuration.";
          };
      if (category == DiagnosisCategory.INSUFFICIENT_PARALLELISM) {
        return new RemediationPlan(
            RemediationPlan.Decision.CAP_REACHED, List.of(), why + ".", changes.advice);
      }
      return new RemediationPlan(
          RemediationPlan.Decision.RETRY, List.of(), why + ".", changes.advice);
    }
    return new RemediationPlan(
        RemediationPlan.Decision.NO_ACTION,
        List.of(),
        category == DiagnosisCategory.DATA_SKEW
            ? "The settings Spark's metrics call for are already in place: the skew needs a change"
                + " in the job itself (see the advice)."
            : "No remedy is defined for " + category + ".",
        changes.advice);
  }

  /** The changes a plan collects, one per path, with the notes that explain them. */
  private static final class Changes {
    final SparkSettings settings;
    final RemediationPolicy policy;
    final Map<String, SpecChange> byPath = new LinkedHashMap<>();
    final List<String> summaries = new ArrayList<>();
    final List<String> capped = new ArrayList<>();
    final List<String> advice = new ArrayList<>();

    /** Memory added so far per container, for the total-memory ceiling. */
    final Map<SparkRole, Long> addedMiB = new LinkedHashMap<>();

    Changes(SparkSettings settings, RemediationPolicy policy) {
      this.settings = settings;
      this.policy = policy;
    }

    boolean has(SpecPath path) {
      return byPath.containsKey(path.toString());
    }

    void add(SpecChange change, String summary) {
      byPath.putIfAbsent(change.path().toString(), change);
      summaries.add(summary);
    }

    void advise(String text) {
      if (!advice.contains(text)) {
        advice.add(text);
      }
    }
  }

  private static void remedy(
      Diagnosis d,
      Rule rule,
      SparkSettings settings,
      RemediationPolicy policy,
      RemediationHistory history,
      Changes changes,
      boolean primary) {
    switch (d.category()) {
      case EXECUTOR_HEAP_OOM, EXECUTOR_CONTAINER_OOM, DRIVER_HEAP_OOM, DRIVER_CONTAINER_OOM -> {
        MemorySetting setting = settingFor(d.category()).orElseThrow();
        // Smaller tasks relieve the heap; off-heap memory (overhead) is not per task.
        if (!raiseMemory(setting, rule.factor(), d, changes)
            && d.category() == DiagnosisCategory.EXECUTOR_HEAP_OOM) {
          morePartitions(rule.factor(), d.category(), changes, "as executor memory cannot grow");
        }
      }
      case SPOT_INTERRUPTION -> {
        changes.advise(DECOMMISSION_ADVICE);
        int losses = history.resubmissionsFor(DiagnosisCategory.SPOT_INTERRUPTION) + 1;
        if (losses >= policy.onDemand().afterSpotLosses()) {
          moveToOnDemand(d.category(), losses + " spot loss" + (losses == 1 ? "" : "es"), changes);
        }
      }
      case NODE_LOSS -> {
        int losses = history.resubmissionsFor(DiagnosisCategory.NODE_LOSS) + 1;
        if (losses >= 3) {
          moveToOnDemand(d.category(), losses + " node losses in a row", changes);
        }
      }
      case SHUFFLE_FETCH_FAILURE -> {
        changes.advise(DECOMMISSION_ADVICE);
        if (!settings.dynamicAllocation().enabled()) {
          return;
        }
        changes.advise(
            "With dynamic allocation, keep spark.dynamicAllocation.shuffleTracking.enabled=true so"
                + " executors holding shuffle data are not released early.");
      }
      case INSUFFICIENT_PARALLELISM -> {
        moreExecutors(rule.factor(), d.category(), changes);
        morePartitions(rule.factor(), d.category(), changes, "so each task handles less data");
      }
      case DATA_SKEW -> {
        // The event log's numbers prescribe the settings (AQE skew join, thresholds sized to the
        // straggler, partitions); memory for every executor would only hide one hot key.
        d.advice().forEach(changes::advise);
        d.suggestedConf().forEach((key, value) -> setConf(key, value, d, changes));
      }
      default -> {
        // TRANSIENT_EXTERNAL, STUCK, SUBMISSION_FAILURE, UNKNOWN: the fix is the retry itself.
      }
    }
  }

  private static void setConf(String key, String value, Diagnosis d, Changes changes) {
    SpecPath path = SpecPath.of("spec", "sparkConf", key);
    String current = changes.settings.sparkConf().get(key);
    if (changes.has(path) || value.equals(current)) {
      return;
    }
    changes.add(
        new SpecChange(
            path,
            current,
            value,
            d.category()
                + ": "
                + key
                + " "
                + (current == null ? "(unset)" : current)
                + " → "
                + value
                + ", as the skewed stage's numbers call for: "
                + d.summary()),
        "set " + key + " to " + value);
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

  /**
   * Raises one memory setting within its ceiling and the total-memory ceiling; false if it cannot.
   */
  private static boolean raiseMemory(
      MemorySetting setting, double factor, Diagnosis d, Changes changes) {
    if (changes.has(setting.path())) {
      return true;
    }
    SparkSettings settings = changes.settings;
    RemediationPolicy policy = changes.policy;
    SparkSettings.Resolved current = current(setting, settings);
    MemoryAmount wanted = current.amount().times(factor);
    Optional<MemoryAmount> ceiling = policy.ceiling(setting);
    if (ceiling.isPresent() && !ceiling.get().isGreaterThan(current.amount())) {
      changes.capped.add(
          capitalize(setting.displayName())
              + " is already "
              + current.amount().toSparkString()
              + ", at or above the policy's ceiling of "
              + ceiling.get().toSparkString());
      return false;
    }
    MemoryAmount target = ceiling.map(wanted::min).orElse(wanted);
    String cut =
        target.compareTo(wanted) < 0
            ? ", cut to the policy's ceiling of " + target.toSparkString()
            : "";
    int pods =
        setting.role() == SparkRole.DRIVER
            ? 1
            : Math.max(1, Math.min(settings.maxExecutors(), 100_000));
    long perPodNow = settings.containerMemory(setting.role()).mebibytes();
    if (policy.maxTotalMemory() != null) {
      long addedSoFar = changes.addedMiB.values().stream().mapToLong(Long::longValue).sum();
      long budget =
          policy.maxTotalMemory().mebibytes() - settings.totalMemory().mebibytes() - addedSoFar;
      if (containerWith(setting, target, settings) - perPodNow > budget / pods) {
        // The largest value whose containers (with Spark's derived overhead) still fit.
        long low = current.amount().mebibytes();
        long high = target.mebibytes();
        while (low < high) {
          long mid = (low + high + 1) / 2;
          if (containerWith(setting, MemoryAmount.ofMebibytes(mid), settings) - perPodNow
              <= budget / pods) {
            low = mid;
          } else {
            high = mid - 1;
          }
        }
        if (low <= current.amount().mebibytes()) {
          changes.capped.add(
              "a run already holds "
                  + settings.totalMemory().toSparkString()
                  + " in all, at the policy's total ceiling of "
                  + policy.maxTotalMemory().toSparkString());
          return false;
        }
        target = MemoryAmount.ofMebibytes(low);
        cut =
            ", cut to "
                + target.toSparkString()
                + " so the run stays within the total ceiling of "
                + policy.maxTotalMemory().toSparkString();
      }
    }
    changes.addedMiB.merge(
        setting.role(), (containerWith(setting, target, settings) - perPodNow) * pods, Long::sum);
    String reason =
        d.category()
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
            + (cut.isEmpty() ? containerNote(setting, settings, target) : cut)
            + ".";
    changes.add(
        new SpecChange(
            setting.path(),
            current.explicit() ? current.amount().toSparkString() : null,
            target.toSparkString(),
            reason),
        "raise " + setting.displayName() + " to " + target.toSparkString());
    return true;
  }

  private static void morePartitions(
      double factor, DiagnosisCategory category, Changes changes, String why) {
    SpecPath path = SpecPath.of("spec", "sparkConf", SHUFFLE_PARTITIONS);
    if (changes.has(path)) {
      return;
    }
    String conf = changes.settings.sparkConf().get(SHUFFLE_PARTITIONS);
    int current;
    try {
      current = conf == null ? DEFAULT_SHUFFLE_PARTITIONS : Integer.parseInt(conf.trim());
    } catch (NumberFormatException e) {
      return;
    }
    if (current >= MAX_SHUFFLE_PARTITIONS) {
      changes.capped.add(SHUFFLE_PARTITIONS + " is already " + current);
      return;
    }
    int target =
        Math.min(
            MAX_SHUFFLE_PARTITIONS,
            Math.max(current + 1, (int) Math.ceil(current * Math.max(factor, 1.5))));
    changes.add(
        new SpecChange(
            path,
            conf,
            String.valueOf(target),
            category
                + ": "
                + SHUFFLE_PARTITIONS
                + " was "
                + current
                + (conf == null ? " (Spark's default)" : "")
                + "; "
                + target
                + " partitions give each task about "
                + Math.round(100.0 * current / target)
                + "% of the data, "
                + why
                + "."),
        "raise " + SHUFFLE_PARTITIONS + " to " + target);
  }

  private static void moreExecutors(double factor, DiagnosisCategory category, Changes changes) {
    SparkSettings settings = changes.settings;
    boolean dynamic = settings.dynamicAllocation().enabled();
    SpecPath path =
        dynamic
            ? SpecPath.of("spec", "dynamicAllocation", "maxExecutors")
            : SpecPath.of("spec", "executor", "instances");
    if (changes.has(path)) {
      return;
    }
    int current = settings.maxExecutors();
    if (current == Integer.MAX_VALUE) {
      changes.capped.add("dynamic allocation has no maxExecutors to raise");
      return;
    }
    int wanted = Math.max(current + 1, (int) Math.ceil(current * factor));
    Integer ceiling = changes.policy.maxExecutors();
    if (ceiling != null && current >= ceiling) {
      changes.capped.add(
          (dynamic ? "maxExecutors" : "executor instances")
              + " is already "
              + current
              + ", at the policy's ceiling of "
              + ceiling);
      return;
    }
    int target = ceiling == null ? wanted : Math.min(wanted, ceiling);
    changes.add(
        new SpecChange(
            path,
            String.valueOf(current),
            String.valueOf(target),
            category
                + ": "
                + (dynamic ? "spec.dynamicAllocation.maxExecutors" : "spec.executor.instances")
                + " was "
                + current
                + "; ×"
                + trimFactor(factor)
                + " gives "
                + wanted
                + (target < wanted ? ", cut to the policy's ceiling of " + target : "")
                + ", spreading the data over "
                + target
                + " executors' memory and disks.",
            true),
        (dynamic ? "raise maxExecutors to " : "raise executor instances to ") + target);
  }

  private static void moveToOnDemand(DiagnosisCategory category, String after, Changes changes) {
    RemediationPolicy.OnDemand onDemand = changes.policy.onDemand();
    boolean any = false;
    for (SparkRole role : List.of(SparkRole.DRIVER, SparkRole.EXECUTOR)) {
      if (!onDemand.moves(role)) {
        continue;
      }
      SparkSettings.PodSettings pod = changes.settings.pod(role);
      List<JsonNode> targets = new ArrayList<>();
      List<SpecPath> paths = new ArrayList<>();
      paths.add(
          SpecPath.of(
              "spec",
              role.specField(),
              "template",
              "spec",
              "affinity",
              "nodeAffinity",
              "requiredDuringSchedulingIgnoredDuringExecution"));
      targets.add(pod.templateRequiredAffinity());
      if (pod.requiredAffinity() != null) {
        // The Spark operator's webhook applies spec.<role>.affinity over the template's: change
        // both.
        paths.add(
            SpecPath.of(
                "spec",
                role.specField(),
                "affinity",
                "nodeAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution"));
        targets.add(pod.requiredAffinity());
      }
      for (int i = 0; i < paths.size(); i++) {
        JsonNode existing = targets.get(i);
        if (OnDemandPlacement.alreadyRequires(
            existing, onDemand.labelKey(), onDemand.labelValues())) {
          continue;
        }
        any = true;
        JsonNode required =
            OnDemandPlacement.require(existing, onDemand.labelKey(), onDemand.labelValues());
        changes.add(
            new SpecChange(
                paths.get(i),
                existing == null ? null : existing.toString(),
                required.toString(),
                category
                    + ": after "
                    + after
                    + ", the "
                    + role.displayName()
                    + (role == SparkRole.EXECUTOR ? "s" : "")
                    + " must run on nodes with "
                    + onDemand.labelKey()
                    + " in "
                    + onDemand.labelValues()
                    + " (on-demand capacity), through "
                    + (i == 0
                        ? "the pod template, which needs no webhook"
                        : "the affinity the Spark operator's webhook applies")
                    + ".",
                true),
            "move the "
                + role.displayName()
                + (role == SparkRole.EXECUTOR ? "s" : "")
                + " to on-demand capacity");
      }
    }
    if (!any) {
      changes.capped.add(
          "the "
              + onDemand.scope().name().toLowerCase(Locale.ROOT)
              + " pods already require on-demand capacity");
    }
  }

  /**
   * The container size Spark computes when {@code setting} is {@code value}: derived overhead
   * included.
   */
  private static long containerWith(
      MemorySetting setting, MemoryAmount value, SparkSettings settings) {
    SparkRole role = setting.role();
    if (setting.overhead()) {
      return settings.heap(role).amount().mebibytes() + value.mebibytes();
    }
    SparkSettings.Resolved overhead = settings.overhead(role);
    long overheadMiB =
        overhead.explicit()
            ? overhead.amount().mebibytes()
            : Math.max(
                (long) (value.mebibytes() * settings.overheadFactor(role)),
                SparkSettings.DEFAULT_MIN_OVERHEAD.mebibytes());
    return value.mebibytes() + overheadMiB;
  }

  private static String containerNote(
      MemorySetting setting, SparkSettings settings, MemoryAmount target) {
    if (!setting.overhead()) {
      return "";
    }
    MemoryAmount heap = settings.heap(setting.role()).amount();
    return ", so each "
        + setting.role().displayName()
        + " container gets "
        + heap.plus(target).toSparkString()
        + " (heap "
        + heap.toSparkString()
        + " + overhead "
        + target.toSparkString()
        + ")";
  }

  private static SparkSettings.Resolved current(MemorySetting setting, SparkSettings settings) {
    return setting.overhead() ? settings.overhead(setting.role()) : settings.heap(setting.role());
  }

  private static String trimFactor(double factor) {
    return factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
