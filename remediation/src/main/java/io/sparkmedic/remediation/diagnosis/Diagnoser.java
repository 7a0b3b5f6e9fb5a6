package io.sparkmedic.remediation.diagnosis;

import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.DriverLog;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds why a Spark run failed from its {@link FailureSignals}. Pure and deterministic: the same
 * signals always give the same report.
 *
 * <p>Memory is diagnosed only from direct evidence. Exit code 137 alone is SIGKILL, which a node
 * shutdown or an eviction also sends: it counts as a container OOM only with reason {@code
 * OOMKilled}. Exit code 52 is Spark's own exit for a JVM {@code OutOfMemoryError}.
 */
public final class Diagnoser {

  /** Spark's exit code for a JVM {@code OutOfMemoryError} ({@code SparkExitCode.OOM}). */
  public static final int SPARK_OOM_EXIT = 52;

  /** 128 + SIGKILL. */
  public static final int SIGKILL_EXIT = 137;

  /** The Kubeflow Spark operator's {@code errorMessage} for a failed driver container. */
  private static final Pattern DRIVER_FAILED =
      Pattern.compile("driver container failed with ExitCode: (-?\\d+), Reason: (\\S+)");

  /** Causes before symptoms: the driver's own death ends the run directly. */
  private static final List<DiagnosisCategory> PRECEDENCE =
      List.of(
          DiagnosisCategory.DRIVER_CONTAINER_OOM,
          DiagnosisCategory.DRIVER_HEAP_OOM,
          DiagnosisCategory.EXECUTOR_CONTAINER_OOM,
          DiagnosisCategory.EXECUTOR_HEAP_OOM,
          DiagnosisCategory.UNKNOWN);

  public DiagnosisReport diagnose(FailureSignals signals, SparkSettings settings) {
    DriverLog log = DriverLog.read(signals.driverLog());
    DriverExit driverExit = DriverExit.of(signals);
    List<Found> found = new ArrayList<>();
    executorContainerOom(signals, settings, driverExit).ifPresent(found::add);
    executorHeapOom(signals, settings, log, driverExit).ifPresent(found::add);
    driverContainerOom(signals, settings, driverExit).ifPresent(found::add);
    driverHeapOom(settings, log, driverExit).ifPresent(found::add);
    if (found.isEmpty()) {
      found.add(unknown(signals, log, driverExit));
    }
    found.sort(
        Comparator.comparing((Found f) -> f.diagnosis().confidence())
            .thenComparing(Comparator.comparingInt(Found::occurrences).reversed())
            .thenComparingInt(f -> PRECEDENCE.indexOf(f.diagnosis().category())));
    return new DiagnosisReport(found.stream().map(Found::diagnosis).toList());
  }

  private record Found(Diagnosis diagnosis, int occurrences) {}

  /** How the driver ended: from its container if seen, else from the Spark operator's message. */
  private record DriverExit(Integer exitCode, String reason, String source) {
    static DriverExit of(FailureSignals signals) {
      List<ContainerTermination> drivers = signals.terminationsOf(SparkRole.DRIVER);
      if (!drivers.isEmpty()) {
        ContainerTermination last = drivers.get(drivers.size() - 1);
        return new DriverExit(last.exitCode(), last.reason(), "pod " + last.podName());
      }
      if (signals.errorMessage() != null) {
        Matcher m = DRIVER_FAILED.matcher(signals.errorMessage());
        if (m.find()) {
          return new DriverExit(
              Integer.parseInt(m.group(1)), m.group(2), "the application's errorMessage");
        }
      }
      return new DriverExit(null, null, null);
    }

    boolean known() {
      return exitCode != null;
    }

    boolean oomKilled() {
      return ContainerTermination.OOM_KILLED.equals(reason);
    }

    String describe() {
      return "the driver exited with code "
          + exitCode
          + (reason == null ? "" : " (reason " + reason + ")")
          + ", per "
          + source;
    }
  }

  private Optional<Found> executorContainerOom(
      FailureSignals signals, SparkSettings settings, DriverExit driverExit) {
    List<ContainerTermination> executors = signals.terminationsOf(SparkRole.EXECUTOR);
    List<ContainerTermination> killed =
        executors.stream().filter(ContainerTermination::oomKilled).toList();
    if (killed.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        count(killed.size(), executors.size(), "executor termination")
            + " had reason OOMKilled (exit code "
            + exitCodes(killed)
            + "): "
            + describeAll(killed)
            + ".");
    evidence.add(
        containerSizing(settings, SparkRole.EXECUTOR) + "; the kernel killed it for going over.");
    symptomNote(driverExit).ifPresent(evidence::add);
    Diagnosis d =
        new Diagnosis(
            DiagnosisCategory.EXECUTOR_CONTAINER_OOM,
            Confidence.HIGH,
            "Executor containers used more memory than heap + overhead and were OOM-killed: the"
                + " off-heap part (overhead) is too small.",
            evidence);
    return Optional.of(new Found(d, killed.size()));
  }

  private Optional<Found> executorHeapOom(
      FailureSignals signals, SparkSettings settings, DriverLog log, DriverExit driverExit) {
    List<ContainerTermination> executors = signals.terminationsOf(SparkRole.EXECUTOR);
    List<ContainerTermination> exited52 =
        executors.stream().filter(t -> t.exitedWith(SPARK_OOM_EXIT)).toList();
    List<DriverLog.TaskOom> taskOoms =
        log.taskOoms().stream().filter(t -> !"driver".equals(t.executorId())).toList();
    List<DriverLog.ExecutorExit> logged52 =
        log.executorExits().stream().filter(e -> e.exitCode() == SPARK_OOM_EXIT).toList();
    if (exited52.isEmpty() && taskOoms.isEmpty() && logged52.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (!exited52.isEmpty()) {
      evidence.add(
          count(exited52.size(), executors.size(), "executor termination")
              + " exited with code 52, Spark's exit code for a JVM OutOfMemoryError: "
              + describeAll(exited52)
              + ".");
    }
    if (!logged52.isEmpty()) {
      evidence.add(
          "The driver log reports executor"
              + (logged52.size() == 1 ? " " : "s ")
              + logged52.stream()
                  .map(DriverLog.ExecutorExit::executorId)
                  .collect(Collectors.joining(", "))
              + " exited with code 52.");
    }
    if (!taskOoms.isEmpty()) {
      DriverLog.TaskOom first = taskOoms.get(0);
      evidence.add(
          taskOoms.size()
              + " task attempt"
              + (taskOoms.size() == 1 ? "" : "s")
              + " failed with java.lang.OutOfMemoryError in the driver log, first task "
              + first.task()
              + " in stage "
              + first.stage()
              + " on executor "
              + first.executorId()
              + ": "
              + first.detail()
              + ".");
    }
    SparkSettings.Resolved heap = settings.heap(SparkRole.EXECUTOR);
    int cores = settings.executor().cores() == null ? 1 : settings.executor().cores();
    evidence.add(
        "Executor heap is "
            + heap.amount().toSparkString()
            + " ("
            + heap.source()
            + ") shared by "
            + cores
            + " concurrent task"
            + (cores == 1 ? "" : "s")
            + ", about "
            + heap.amount().timesRoundedDown(1.0 / cores).toSparkString()
            + " each.");
    symptomNote(driverExit).ifPresent(evidence::add);
    Confidence confidence =
        exited52.isEmpty() && logged52.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH;
    Diagnosis d =
        new Diagnosis(
            DiagnosisCategory.EXECUTOR_HEAP_OOM,
            confidence,
            "Executor JVMs ran out of heap (java.lang.OutOfMemoryError): executor memory is too"
                + " small for the tasks it runs at once.",
            evidence);
    return Optional.of(new Found(d, exited52.size() + logged52.size() + taskOoms.size()));
  }

  private Optional<Found> driverContainerOom(
      FailureSignals signals, SparkSettings settings, DriverExit driverExit) {
    if (!driverExit.known() || !driverExit.oomKilled()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "The driver container had reason OOMKilled with exit code "
            + driverExit.exitCode()
            + ", per "
            + driverExit.source()
            + ".");
    evidence.add(
        containerSizing(settings, SparkRole.DRIVER) + "; the kernel killed it for going over.");
    Diagnosis d =
        new Diagnosis(
            DiagnosisCategory.DRIVER_CONTAINER_OOM,
            Confidence.HIGH,
            "The driver container used more memory than heap + overhead and was OOM-killed: the"
                + " driver's overhead is too small.",
            evidence);
    return Optional.of(new Found(d, 1));
  }

  private Optional<Found> driverHeapOom(
      SparkSettings settings, DriverLog log, DriverExit driverExit) {
    boolean exited52 = driverExit.known() && driverExit.exitCode() == SPARK_OOM_EXIT;
    List<DriverLog.TaskOom> localTaskOoms =
        log.taskOoms().stream().filter(t -> "driver".equals(t.executorId())).toList();
    if (!exited52 && log.driverOom() == null && localTaskOoms.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (exited52) {
      evidence.add(
          "The driver exited with code 52, Spark's exit code for a JVM OutOfMemoryError, per "
              + driverExit.source()
              + ".");
    }
    if (log.driverOom() != null) {
      evidence.add("The driver log shows the driver's " + log.driverOom() + ".");
    }
    if (!localTaskOoms.isEmpty()) {
      DriverLog.TaskOom first = localTaskOoms.get(0);
      evidence.add(
          "Task "
              + first.task()
              + " in stage "
              + first.stage()
              + " ran inside the driver JVM (executor \"driver\") and failed with"
              + " java.lang.OutOfMemoryError: "
              + first.detail()
              + ".");
    }
    SparkSettings.Resolved heap = settings.heap(SparkRole.DRIVER);
    evidence.add("Driver heap is " + heap.amount().toSparkString() + " (" + heap.source() + ").");
    Diagnosis d =
        new Diagnosis(
            DiagnosisCategory.DRIVER_HEAP_OOM,
            exited52 ? Confidence.HIGH : Confidence.MEDIUM,
            "The driver JVM ran out of heap (collect, broadcast or large task results): driver"
                + " memory is too small.",
            evidence);
    return Optional.of(new Found(d, 1));
  }

  private Found unknown(FailureSignals signals, DriverLog log, DriverExit driverExit) {
    List<String> evidence = new ArrayList<>();
    if (driverExit.known()) {
      evidence.add(capitalize(driverExit.describe()) + ".");
    } else if (signals.errorMessage() != null && !signals.errorMessage().isBlank()) {
      evidence.add("The application's errorMessage is \"" + signals.errorMessage() + "\".");
    }
    List<ContainerTermination> sigkilled =
        signals.terminations().stream()
            .filter(t -> t.exitedWith(SIGKILL_EXIT) && !t.oomKilled())
            .toList();
    if (!sigkilled.isEmpty()) {
      evidence.add(
          describeAll(sigkilled)
              + " exited with code 137 (SIGKILL) without reason OOMKilled: a node shutdown,"
              + " an eviction or a deletion also kills with 137, so this is not taken for memory.");
    }
    long executorFailures =
        signals.terminationsOf(SparkRole.EXECUTOR).stream().filter(t -> !t.succeeded()).count();
    if (executorFailures > sigkilled.stream().filter(t -> t.role() == SparkRole.EXECUTOR).count()) {
      evidence.add(executorFailures + " executor container(s) failed with no memory signal.");
    }
    if (signals.terminations().isEmpty()) {
      evidence.add("No Spark container termination was observed for this run.");
    }
    if (!log.executorExits().isEmpty()) {
      evidence.add(
          "The driver log reports executor exits with codes "
              + log.executorExits().stream()
                  .map(e -> e.executorId() + "→" + e.exitCode())
                  .collect(Collectors.joining(", "))
              + " but no reason that names the cause.");
    }
    Diagnosis d =
        new Diagnosis(
            DiagnosisCategory.UNKNOWN,
            Confidence.LOW,
            "Nothing observed shows why the run failed; changing resources would be a guess.",
            evidence);
    return new Found(d, 0);
  }

  private static Optional<String> symptomNote(DriverExit driverExit) {
    if (!driverExit.known()
        || driverExit.exitCode() == SPARK_OOM_EXIT
        || driverExit.oomKilled()
        || driverExit.exitCode() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        capitalize(driverExit.describe())
            + ": the job was aborted after losing executors, a symptom of their failures rather"
            + " than a cause of its own.");
  }

  private static String containerSizing(SparkSettings settings, SparkRole role) {
    SparkSettings.Resolved heap = settings.heap(role);
    SparkSettings.Resolved overhead = settings.overhead(role);
    return capitalize(role.displayName())
        + " containers were sized heap "
        + heap.amount().toSparkString()
        + " ("
        + heap.source()
        + ") + overhead "
        + overhead.amount().toSparkString()
        + " ("
        + overhead.source()
        + ") = "
        + settings.containerMemory(role).toSparkString();
  }

  private static String exitCodes(List<ContainerTermination> terminations) {
    return terminations.stream()
        .map(t -> t.exitCode() == null ? "unknown" : String.valueOf(t.exitCode()))
        .distinct()
        .collect(Collectors.joining("/"));
  }

  private static String describeAll(List<ContainerTermination> terminations) {
    int shown = Math.min(terminations.size(), 5);
    String listed =
        terminations.subList(0, shown).stream()
            .map(ContainerTermination::describe)
            .collect(Collectors.joining(", "));
    return terminations.size() > shown
        ? listed + " and " + (terminations.size() - shown) + " more"
        : listed;
  }

  private static String count(int n, int of, String noun) {
    return n + " of " + of + " " + noun + (of == 1 ? "" : "s");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
