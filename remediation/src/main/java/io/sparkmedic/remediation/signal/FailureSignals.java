package io.sparkmedic.remediation.signal;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything observed about one failed run of a Spark application, as plain values: the input of
 * the diagnosis. Built by the operator from the cluster, or by the CLI from {@code kubectl} dumps.
 *
 * @param applicationName the {@code SparkApplication}'s name
 * @param state {@code status.applicationState.state}
 * @param errorMessage {@code status.applicationState.errorMessage}, or null
 * @param terminations how the run's Spark containers ended, oldest first
 * @param driverLog the tail of the driver's log, or null when it could not be read
 * @param executorStates {@code status.executorState}: executor pod name to state
 * @param waiting Spark containers of the run that never started
 * @param nodes what is known of the nodes the run's pods ran on, by node name
 * @param events Kubernetes Events about the run's pods, their nodes and the application
 * @param eventLog what Spark's own event log of the run says, or null when it was not read
 */
public record FailureSignals(
    String applicationName,
    String state,
    String errorMessage,
    List<ContainerTermination> terminations,
    String driverLog,
    Map<String, String> executorStates,
    List<ContainerWaiting> waiting,
    Map<String, NodeFacts> nodes,
    List<ClusterEvent> events,
    EventLogAnalysis eventLog) {

  public FailureSignals {
    Objects.requireNonNull(applicationName, "applicationName");
    state = state == null ? "" : state;
    terminations = List.copyOf(terminations);
    executorStates = executorStates == null ? Map.of() : Map.copyOf(executorStates);
    waiting = waiting == null ? List.of() : List.copyOf(waiting);
    nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** Signals without an event log. */
  public FailureSignals(
      String applicationName,
      String state,
      String errorMessage,
      List<ContainerTermination> terminations,
      String driverLog,
      Map<String, String> executorStates,
      List<ContainerWaiting> waiting,
      Map<String, NodeFacts> nodes,
      List<ClusterEvent> events) {
    this(
        applicationName,
        state,
        errorMessage,
        terminations,
        driverLog,
        executorStates,
        waiting,
        nodes,
        events,
        null);
  }

  /** The same signals with the run's event-log analysis. */
  public FailureSignals withEventLog(EventLogAnalysis analysis) {
    return new FailureSignals(
        applicationName,
        state,
        errorMessage,
        terminations,
        driverLog,
        executorStates,
        waiting,
        nodes,
        events,
        analysis);
  }

  /** Signals from the pods and the driver log only. */
  public FailureSignals(
      String applicationName,
      String state,
      String errorMessage,
      List<ContainerTermination> terminations,
      String driverLog) {
    this(
        applicationName,
        state,
        errorMessage,
        terminations,
        driverLog,
        null,
        null,
        null,
        null,
        null);
  }

  public List<ContainerTermination> terminationsOf(SparkRole role) {
    return terminations.stream().filter(t -> t.role() == role).toList();
  }

  public Optional<NodeFacts> node(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(nodes.get(name));
  }

  public List<ClusterEvent> eventsAbout(String kind, String name) {
    return events.stream().filter(e -> e.about(kind, name)).toList();
  }

  /** Executors the Spark operator lists as FAILED whose pods were never seen terminated. */
  public List<String> executorsFailedUnseen() {
    return executorStates.entrySet().stream()
        .filter(e -> "FAILED".equals(e.getValue()))
        .map(Map.Entry::getKey)
        .filter(pod -> terminations.stream().noneMatch(t -> t.podName().equals(pod)))
        .sorted()
        .toList();
  }
}
