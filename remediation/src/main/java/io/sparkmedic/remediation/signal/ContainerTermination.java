package io.sparkmedic.remediation.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * How a Spark container ended, as the pod's status told it: the facts the diagnosis reads, taken
 * from {@code containerStatuses[].state.terminated} (or {@code lastState.terminated}) of the Spark
 * container, never of a sidecar.
 *
 * @param role driver or executor
 * @param podName the pod
 * @param executorId Spark's executor id ({@code spark-exec-id}); null for the driver
 * @param submissionId the Spark operator submission the pod belonged to; null when unknown
 * @param exitCode the container's exit code; null when the pod vanished before it was seen
 * @param reason the container's termination reason ({@code OOMKilled}, {@code Error}, ...)
 * @param message the container's termination message, if any
 * @param podReason the pod's {@code status.reason} ({@code Evicted}, {@code Terminated}, ...)
 * @param podMessage the pod's {@code status.message}
 * @param nodeName the node the pod ran on
 * @param finishedAt when the container ended; null when unknown
 * @param disruption the pod's {@code DisruptionTarget} condition reason when it is True ({@code
 *     PreemptionByScheduler}, {@code DeletionByTaintManager}, {@code EvictionByEvictionAPI}, {@code
 *     DeletionByPodGC}, {@code TerminationByKubelet}), or null
 * @param deleted whether the pod was deleted (Spark deletes failed executors; a drain deletes too)
 */
public record ContainerTermination(
    SparkRole role,
    String podName,
    String executorId,
    String submissionId,
    Integer exitCode,
    String reason,
    String message,
    String podReason,
    String podMessage,
    String nodeName,
    Instant finishedAt,
    String disruption,
    boolean deleted) {

  public static final String OOM_KILLED = "OOMKilled";

  public ContainerTermination {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(podName, "podName");
  }

  /** A termination as the pod status alone shows it, neither disrupted nor deleted. */
  public ContainerTermination(
      SparkRole role,
      String podName,
      String executorId,
      String submissionId,
      Integer exitCode,
      String reason,
      String message,
      String podReason,
      String podMessage,
      String nodeName,
      Instant finishedAt) {
    this(
        role,
        podName,
        executorId,
        submissionId,
        exitCode,
        reason,
        message,
        podReason,
        podMessage,
        nodeName,
        finishedAt,
        null,
        false);
  }

  /** The same termination, seen deleted. */
  public ContainerTermination asDeleted() {
    return deleted
        ? this
        : new ContainerTermination(
            role,
            podName,
            executorId,
            submissionId,
            exitCode,
            reason,
            message,
            podReason,
            podMessage,
            nodeName,
            finishedAt,
            disruption,
            true);
  }

  /** SIGKILL or SIGTERM: something outside the JVM ended it (the kernel, the kubelet, a drain). */
  public boolean killedBySignal() {
    return exitedWith(137) || exitedWith(143);
  }

  /** The kernel's OOM killer ended the container: reason {@code OOMKilled}, whatever the code. */
  public boolean oomKilled() {
    return OOM_KILLED.equals(reason);
  }

  public boolean exitedWith(int code) {
    return exitCode != null && exitCode == code;
  }

  public boolean succeeded() {
    return exitedWith(0);
  }

  /** "executor 3 (pod spark-etl-…-exec-3)" or "driver (pod spark-etl-driver)". */
  public String describe() {
    return (role == SparkRole.EXECUTOR && executorId != null
            ? "executor " + executorId
            : role.displayName())
        + " (pod "
        + podName
        + ")";
  }
}
