package io.sparkmedic.remediation.signal;

import java.util.List;
import java.util.Objects;

/**
 * Everything observed about one failed run of a Spark application, as plain values: the input of
 * the diagnosis. Built by the operator from the cluster, or by the CLI from {@code kubectl} dumps.
 *
 * @param applicationName the {@code SparkApplication}'s name
 * @param state {@code status.applicationState.state}
 * @param errorMessage {@code status.applicationState.errorMessage}, or null
 * @param terminations how the run's Spark containers ended, oldest first
 * @param driverLog the tail of the driver's log, or null when it could not be read
 */
public record FailureSignals(
    String applicationName,
    String state,
    String errorMessage,
    List<ContainerTermination> terminations,
    String driverLog) {

  public FailureSignals {
    Objects.requireNonNull(applicationName, "applicationName");
    terminations = List.copyOf(terminations);
  }

  public List<ContainerTermination> terminationsOf(SparkRole role) {
    return terminations.stream().filter(t -> t.role() == role).toList();
  }
}
