package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers the {@link FailureSignals} of an application's current run: terminations recorded as they
 * happened, the pods still there, the Spark operator's status, and the driver's log tail.
 */
public final class SignalCollector {

  private final TerminationLedger ledger;
  private final DriverLogSource driverLogs;

  public SignalCollector(TerminationLedger ledger, DriverLogSource driverLogs) {
    this.ledger = ledger;
    this.driverLogs = driverLogs;
  }

  public FailureSignals collect(SparkApplication app, Collection<Pod> pods) {
    String namespace = app.getMetadata().getNamespace();
    String name = app.getMetadata().getName();
    SparkApplicationStatus status = app.getStatus();
    String submissionId = status == null ? null : status.getSubmissionId();

    Map<String, ContainerTermination> byPod = new LinkedHashMap<>();
    for (ContainerTermination t : ledger.forSubmission(namespace, name, submissionId)) {
      byPod.put(t.podName(), t);
    }
    for (Pod pod : pods) {
      PodTerminations.of(pod)
          .filter(
              t ->
                  submissionId == null
                      || t.submissionId() == null
                      || Objects.equals(submissionId, t.submissionId()))
          .ifPresent(
              t ->
                  byPod.merge(
                      t.podName(), t, (old, fresh) -> fresh.exitCode() != null ? fresh : old));
    }
    List<ContainerTermination> terminations = new ArrayList<>(byPod.values());
    terminations.sort(
        Comparator.comparing(
            ContainerTermination::finishedAt, Comparator.nullsLast(Comparator.naturalOrder())));

    String driverPod = driverPodName(app, terminations);
    String log = driverPod == null ? null : driverLogs.tail(namespace, driverPod).orElse(null);
    return new FailureSignals(
        name,
        status == null ? "" : status.state(),
        status == null || status.getApplicationState() == null
            ? null
            : status.getApplicationState().getErrorMessage(),
        terminations,
        log);
  }

  private static String driverPodName(SparkApplication app, List<ContainerTermination> seen) {
    if (app.getStatus() != null
        && app.getStatus().getDriverInfo() != null
        && app.getStatus().getDriverInfo().getPodName() != null) {
      return app.getStatus().getDriverInfo().getPodName();
    }
    return seen.stream()
        .filter(t -> t.role() == SparkRole.DRIVER)
        .map(ContainerTermination::podName)
        .findFirst()
        .orElse(app.getMetadata().getName() + "-driver");
  }
}
