package io.sparkmedic.remediation.diagnosis;

import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds why a Spark run failed from its {@link FailureSignals}. Pure and deterministic: the same
 * signals always give the same report.
 *
 * <p>Every rule that holds adds a diagnosis; the primary is the cause rather than its symptoms:
 *
 * <ol>
 *   <li>a failed submission (nothing ran);
 *   <li>the exception that ended the run, when it is the code's own or a transient service error;
 *   <li>the driver's own death (memory, or its node);
 *   <li>a skewed partition that killed its executor (the event log shows it), over the OOM it
 *       caused;
 *   <li>what killed the executors — memory, spot reclaim, lost nodes, full disks — the one that
 *       explains the most losses, memory first on a tie (the kernel's {@code OOMKilled} is the most
 *       direct statement there is);
 *   <li>shuffle fetch failures, which lost executors cause; then timeouts; then {@code UNKNOWN}.
 * </ol>
 *
 * Weak evidence gives {@code UNKNOWN} with low confidence rather than a guess.
 */
public final class Diagnoser {

  /** Spark's exit code for a JVM {@code OutOfMemoryError} ({@code SparkExitCode.OOM}). */
  public static final int SPARK_OOM_EXIT = 52;

  /** 128 + SIGKILL. */
  public static final int SIGKILL_EXIT = 137;

  static final int RANK_SUBMISSION = 100;
  static final int RANK_RUN_END = 90;
  static final int RANK_DRIVER = 80;
  static final int RANK_FETCH = 50;
  static final int RANK_WEAK = 30;
  static final int RANK_STUCK = 25;
  static final int RANK_SYMPTOM = 10;

  /** Executor-level causes compete on how many losses they explain; memory wins a tie. */
  static int executorLevelRank(int occurrences, boolean memory) {
    return 60 + Math.min(occurrences, 6) * 2 + (memory ? 1 : 0);
  }

  public DiagnosisReport diagnose(FailureSignals signals, SparkSettings settings) {
    DiagnosisContext c = new DiagnosisContext(signals, settings);
    List<Found> found = new ArrayList<>();
    ApplicationRules.submissionFailure(c).ifPresent(found::add);
    MemoryRules.driverContainerOom(c).ifPresent(found::add);
    MemoryRules.driverHeapOom(c).ifPresent(found::add);
    MemoryRules.executorContainerOom(c).ifPresent(found::add);
    MemoryRules.executorHeapOom(c).ifPresent(found::add);
    List<InfrastructureRules.Loss> losses = InfrastructureRules.infrastructureLosses(c);
    InfrastructureRules.spotInterruption(c, losses).ifPresent(found::add);
    InfrastructureRules.nodeLoss(c, losses).ifPresent(found::add);
    ApplicationRules.insufficientParallelism(c).or(() -> DataRules.spill(c)).ifPresent(found::add);
    DataRules.dataSkew(c).ifPresent(found::add);
    boolean lossExplained =
        found.stream()
            .anyMatch(
                f ->
                    f.diagnosis().category() == DiagnosisCategory.SPOT_INTERRUPTION
                        || f.diagnosis().category() == DiagnosisCategory.NODE_LOSS);
    boolean resourceCause = !found.isEmpty();
    InfrastructureRules.shuffleFetchFailure(c, lossExplained).ifPresent(found::add);
    ApplicationRules.userCodeError(c).ifPresent(found::add);
    ApplicationRules.transientExternal(c, resourceCause).ifPresent(found::add);
    InfrastructureRules.stuck(c, lossExplained).ifPresent(found::add);
    if (found.isEmpty()) {
      found.add(unknown(c));
    }
    found.sort(
        Comparator.comparing((Found f) -> f.diagnosis().confidence() == Confidence.LOW)
            .thenComparing(Comparator.comparingInt(Found::rank).reversed())
            .thenComparing(f -> f.diagnosis().confidence()));
    return new DiagnosisReport(found.stream().map(Found::diagnosis).toList());
  }

  private static Found unknown(DiagnosisContext c) {
    FailureSignals signals = c.signals;
    List<String> evidence = new ArrayList<>();
    if (c.driverExit.known()) {
      evidence.add(DiagnosisContext.capitalize(c.driverExit.describe()) + ".");
    } else if (signals.errorMessage() != null && !signals.errorMessage().isBlank()) {
      evidence.add("The application's errorMessage is \"" + signals.errorMessage() + "\".");
    }
    List<ContainerTermination> sigkilled =
        signals.terminations().stream()
            .filter(t -> t.exitedWith(SIGKILL_EXIT) && !t.oomKilled())
            .toList();
    if (!sigkilled.isEmpty()) {
      evidence.add(
          DiagnosisContext.describeAll(sigkilled)
              + " exited with code 137 (SIGKILL) without reason OOMKilled and with no sign of"
              + " node loss: a node shutdown, an eviction or a deletion also kills with 137, so"
              + " this is not taken for memory.");
    }
    long executorFailures =
        signals.terminationsOf(SparkRole.EXECUTOR).stream().filter(t -> !t.succeeded()).count();
    long unexplained =
        executorFailures - sigkilled.stream().filter(t -> t.role() == SparkRole.EXECUTOR).count();
    if (unexplained > 0) {
      evidence.add(unexplained + " executor container(s) failed with no memory or node signal.");
    }
    if (signals.terminations().isEmpty()) {
      evidence.add("No Spark container termination was observed for this run.");
    }
    if (!c.log.executorExits().isEmpty()) {
      evidence.add(
          "The driver log reports executor exits with codes "
              + c.log.executorExits().stream()
                  .map(e -> e.executorId() + "→" + e.exitCode())
                  .collect(Collectors.joining(", "))
              + " but no reason that names the cause.");
    }
    if (c.log.runException() != null) {
      evidence.add(
          "The run ended with "
              + c.log.runException().describeRoot()
              + ", which names no known cause.");
    }
    return new Found(
        new Diagnosis(
            DiagnosisCategory.UNKNOWN,
            Confidence.LOW,
            "Nothing observed shows why the run failed; changing resources would be a guess.",
            evidence),
        0);
  }
}
