package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.ContainerWaiting;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers the {@link FailureSignals} of an application's current run: terminations recorded as they
 * happened, the pods still there, the nodes they ran on, Events about both, the Spark operator's
 * status, and the driver's log tail.
 */
public final class SignalCollector {

  private final TerminationLedger ledger;
  private final DriverLogSource driverLogs;
  private final Function<String, Optional<NodeFacts>> nodes;
  private final ClusterEvents events;

  public SignalCollector(
      TerminationLedger ledger,
      DriverLogSource driverLogs,
      Function<String, Optional<NodeFacts>> nodes,
      ClusterEvents events) {
    this.ledger = ledger;
    this.driverLogs = driverLogs;
    this.nodes = nodes;
    this.events = events;
  }

  /** Pods and the driver log only: no node facts, no Events. */
  public SignalCollector(TerminationLedger ledger, DriverLogSource driverLogs) {
    this(ledger, driverLogs, name -> Optional.empty(), ClusterEvents.NONE);
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
    List<ContainerWaiting> waiting = new ArrayList<>();
    for (Pod pod : pods) {
      if (!ofRun(pod, submissionId)) {
        continue;
      }
      PodTerminations.of(pod)
          .ifPresent(
              t ->
                  byPod.merge(
                      t.podName(), t, (old, fresh) -> fresh.exitCode() != null ? fresh : old));
      PodTerminations.waiting(pod).ifPresent(waiting::add);
    }
    List<ContainerTermination> terminations = new ArrayList<>(byPod.values());
    terminations.sort(
        Comparator.comparing(
            ContainerTermination::finishedAt, Comparator.nullsLast(Comparator.naturalOrder())));

    String driverPod = driverPodName(app, terminations);
    // The driver first, then the pods in the order they ended: the newest last.
    Set<String> podNames = new LinkedHashSet<>();
    if (driverPod != null && byPod.containsKey(driverPod)) {
      podNames.add(driverPod);
    }
    terminations.forEach(t -> podNames.add(t.podName()));
    waiting.forEach(w -> podNames.add(w.podName()));

    // The reads are independent: each node (and its Events), the pods' Events and the driver's log
    // are read at once, so a diagnosis waits for the slowest read, not for their sum.
    List<String> nodeNames =
        terminations.stream()
            .map(ContainerTermination::nodeName)
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    List<CompletableFuture<Optional<NodeRead>>> nodeReads =
        nodeNames.stream()
            .map(
                n ->
                    CompletableFuture.supplyAsync(
                        () -> nodes.apply(n).map(f -> new NodeRead(n, f, events.aboutNode(n))),
                        READS))
            .toList();
    CompletableFuture<List<ClusterEvent>> podEvents =
        CompletableFuture.supplyAsync(() -> events.aboutPods(namespace, name, podNames), READS);
    CompletableFuture<Optional<String>> driverLog =
        driverPod == null
            ? CompletableFuture.completedFuture(Optional.empty())
            : CompletableFuture.supplyAsync(() -> driverLogs.tail(namespace, driverPod), READS);

    Map<String, NodeFacts> nodeFacts = new LinkedHashMap<>();
    List<ClusterEvent> clusterEvents = new ArrayList<>(podEvents.join());
    for (CompletableFuture<Optional<NodeRead>> read : nodeReads) {
      read.join()
          .ifPresent(
              r -> {
                nodeFacts.put(r.name(), r.facts());
                clusterEvents.addAll(r.events());
              });
    }

    String log = driverLog.join().orElse(null);
    if (log == null) {
      // With terminationMessagePolicy FallbackToLogsOnError, Kubernetes keeps the last lines of a
      // failed container's log in its termination message: the log tail survives the pod's logs.
      log =
          terminations.stream()
              .filter(
                  t ->
                      t.role() == SparkRole.DRIVER && t.message() != null && !t.message().isBlank())
              .map(ContainerTermination::message)
              .reduce((first, second) -> second)
              .orElse(null);
    }
    return new FailureSignals(
        name,
        status == null ? "" : status.state(),
        status == null || status.getApplicationState() == null
            ? null
            : status.getApplicationState().getErrorMessage(),
        terminations,
        log,
        status == null ? null : status.getExecutorState(),
        waiting,
        nodeFacts,
        clusterEvents);
  }

  /** A node as read, with its Events. */
  private record NodeRead(String name, NodeFacts facts, List<ClusterEvent> events) {}

  /**
   * Where a diagnosis' reads run: daemon threads, as many as reads wait on the API server at once
   * across the reconciler's threads, idle ones dropped after a minute.
   */
  static final ExecutorService READS =
      new ThreadPoolExecutor(
          0,
          32,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "sparkmedic-signal-read");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  private static boolean ofRun(Pod pod, String submissionId) {
    String label =
        pod.getMetadata().getLabels() == null
            ? null
            : pod.getMetadata().getLabels().get(SparkApplication.SUBMISSION_ID_LABEL);
    return submissionId == null || label == null || submissionId.equals(label);
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
