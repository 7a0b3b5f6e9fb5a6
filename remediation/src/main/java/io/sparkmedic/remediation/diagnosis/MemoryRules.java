package io.sparkmedic.remediation.diagnosis;

import static io.sparkmedic.remediation.diagnosis.DiagnosisContext.count;
import static io.sparkmedic.remediation.diagnosis.DiagnosisContext.describeAll;
import static io.sparkmedic.remediation.diagnosis.DiagnosisContext.exitCodes;

import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.DriverLog;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Memory causes, from direct evidence only: reason {@code OOMKilled} (the kernel's OOM killer),
 * exit code 52 (Spark's exit for a JVM {@code OutOfMemoryError}), or an {@code OutOfMemoryError} in
 * the driver log. Never from exit code 137 alone, and never from the word "memory".
 */
final class MemoryRules {

  private MemoryRules() {}

  static Optional<Found> executorContainerOom(DiagnosisContext c) {
    List<ContainerTermination> executors = c.signals.terminationsOf(SparkRole.EXECUTOR);
    List<ContainerTermination> killed =
        executors.stream().filter(ContainerTermination::oomKilled).toList();
    List<DriverLog.ExecutorExit> logged =
        c.log.executorExits().stream()
            .filter(e -> ContainerTermination.OOM_KILLED.equals(e.reason()))
            .filter(e -> killed.stream().noneMatch(k -> e.executorId().equals(k.executorId())))
            .toList();
    if (killed.isEmpty() && logged.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (!killed.isEmpty()) {
      evidence.add(
          count(killed.size(), executors.size(), "executor termination")
              + " had reason OOMKilled (exit code "
              + exitCodes(killed)
              + "): "
              + describeAll(killed)
              + ".");
    }
    if (!logged.isEmpty()) {
      evidence.add(
          "The driver log reports executor"
              + (logged.size() == 1 ? " " : "s ")
              + logged.stream()
                  .map(DriverLog.ExecutorExit::executorId)
                  .collect(Collectors.joining(", "))
              + " exited with code 137 and termination reason OOMKilled.");
    }
    evidence.add(c.containerSizing(SparkRole.EXECUTOR) + "; the kernel killed it for going over.");
    c.symptomNote().ifPresent(evidence::add);
    int occurrences = killed.size() + logged.size();
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.EXECUTOR_CONTAINER_OOM,
                Confidence.HIGH,
                "Executor containers used more memory than heap + overhead and were OOM-killed:"
                    + " the off-heap part (overhead) is too small.",
                evidence),
            Diagnoser.executorLevelRank(occurrences, true)));
  }

  static Optional<Found> executorHeapOom(DiagnosisContext c) {
    List<ContainerTermination> executors = c.signals.terminationsOf(SparkRole.EXECUTOR);
    List<ContainerTermination> exited52 =
        executors.stream().filter(t -> t.exitedWith(Diagnoser.SPARK_OOM_EXIT)).toList();
    List<DriverLog.TaskOom> taskOoms =
        c.log.taskOoms().stream().filter(t -> !"driver".equals(t.executorId())).toList();
    List<DriverLog.ExecutorExit> logged52 =
        c.log.executorExits().stream()
            .filter(e -> e.exitCode() == Diagnoser.SPARK_OOM_EXIT)
            .filter(e -> exited52.stream().noneMatch(t -> e.executorId().equals(t.executorId())))
            .toList();
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
          DiagnosisContext.plural(taskOoms.size(), "task attempt")
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
    SparkSettings.Resolved heap = c.settings.heap(SparkRole.EXECUTOR);
    int cores = c.settings.executor().cores() == null ? 1 : c.settings.executor().cores();
    evidence.add(
        "Executor heap is "
            + heap.amount().toSparkString()
            + " ("
            + heap.source()
            + ") shared by "
            + DiagnosisContext.plural(cores, "concurrent task")
            + ", about "
            + heap.amount().timesRoundedDown(1.0 / cores).toSparkString()
            + " each.");
    c.symptomNote().ifPresent(evidence::add);
    boolean direct = !exited52.isEmpty() || !logged52.isEmpty();
    int occurrences = exited52.size() + logged52.size() + (direct ? 0 : taskOoms.size());
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.EXECUTOR_HEAP_OOM,
                direct ? Confidence.HIGH : Confidence.MEDIUM,
                "Executor JVMs ran out of heap (java.lang.OutOfMemoryError): executor memory is too"
                    + " small for the tasks it runs at once.",
                evidence),
            Diagnoser.executorLevelRank(Math.max(occurrences, 1), true)));
  }

  static Optional<Found> driverContainerOom(DiagnosisContext c) {
    if (!c.driverExit.known() || !c.driverExit.oomKilled()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "The driver container had reason OOMKilled with exit code "
            + c.driverExit.exitCode()
            + ", per "
            + c.driverExit.source()
            + ".");
    evidence.add(c.containerSizing(SparkRole.DRIVER) + "; the kernel killed it for going over.");
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.DRIVER_CONTAINER_OOM,
                Confidence.HIGH,
                "The driver container used more memory than heap + overhead and was OOM-killed:"
                    + " the driver's overhead is too small.",
                evidence),
            Diagnoser.RANK_DRIVER));
  }

  static Optional<Found> driverHeapOom(DiagnosisContext c) {
    boolean exited52 = c.driverExit.exitedWith(Diagnoser.SPARK_OOM_EXIT);
    List<DriverLog.TaskOom> localTaskOoms =
        c.log.taskOoms().stream().filter(t -> "driver".equals(t.executorId())).toList();
    if (!exited52 && c.log.driverOom() == null && localTaskOoms.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (exited52) {
      evidence.add(
          "The driver exited with code 52, Spark's exit code for a JVM OutOfMemoryError, per "
              + c.driverExit.source()
              + ".");
    }
    if (c.log.driverOom() != null) {
      evidence.add("The driver log shows the driver's " + c.log.driverOom() + ".");
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
    SparkSettings.Resolved heap = c.settings.heap(SparkRole.DRIVER);
    evidence.add("Driver heap is " + heap.amount().toSparkString() + " (" + heap.source() + ").");
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.DRIVER_HEAP_OOM,
                exited52 ? Confidence.HIGH : Confidence.MEDIUM,
                "The driver JVM ran out of heap (collect, broadcast or large task results): driver"
                    + " memory is too small.",
                evidence),
            Diagnoser.RANK_DRIVER));
  }
}
