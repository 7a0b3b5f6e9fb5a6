package io.sparkmedic.remediation.diagnosis;

import static io.sparkmedic.remediation.diagnosis.DiagnosisContext.plural;

import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.DriverLog;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Causes outside the job: spot capacity reclaimed, nodes lost, executors that stopped answering,
 * shuffle output lost with them. A pod killed by a signal counts here only when its node or its own
 * status says why; a container the kernel OOM-killed is memory, wherever it ran.
 */
final class InfrastructureRules {

  /** Events that announce a spot interruption (Karpenter, aws-node-termination-handler). */
  static final Set<String> SPOT_EVENTS =
      Set.of(
          "SpotInterrupted",
          "SpotInterruption",
          "TerminatingOnInterruption",
          "InstanceTerminating",
          "SpotRebalanceRecommendation",
          "RebalanceRecommendation");

  /** Events that say a node went away or stopped answering. */
  static final Set<String> NODE_EVENTS =
      Set.of(
          "NodeNotReady",
          "NodeShutdown",
          "Shutdown",
          "Rebooted",
          "TaintManagerEviction",
          "NodeControllerEviction",
          "InstanceStopping",
          "InstanceUnhealthy",
          "DeletingNode",
          "RemovingNode");

  /** Pod {@code status.reason}s of a pod ended by its node shutting down or being lost. */
  static final Set<String> NODE_POD_REASONS =
      Set.of("Terminated", "NodeShutdown", "Shutdown", "NodeLost", "NodeAffinity");

  /** Pod disruption reasons that mean the node, not the job, ended the pod. */
  static final Set<String> NODE_DISRUPTIONS =
      Set.of(
          "DeletionByTaintManager",
          "TerminationByKubelet",
          "DeletionByPodGC",
          "EvictionByEvictionAPI");

  private static final Pattern FUTURES_TIMED_OUT =
      Pattern.compile("TimeoutException: Futures timed out after \\[?(\\d+ \\w+)\\]?");

  private InfrastructureRules() {}

  /** Why one lost pod was lost, as far as its node and status tell; empty when they do not. */
  record Loss(ContainerTermination pod, boolean spot, boolean interrupted, List<String> facts) {}

  /** The terminations that the node or pod status explain: not memory, not the job's own exit. */
  static List<Loss> infrastructureLosses(DiagnosisContext c) {
    List<Loss> losses = new ArrayList<>();
    for (ContainerTermination t : c.signals.terminations()) {
      if (t.oomKilled() || t.succeeded() || t.exitedWith(Diagnoser.SPARK_OOM_EXIT)) {
        continue;
      }
      Optional<NodeFacts> node = c.node(t);
      List<String> facts = new ArrayList<>();
      boolean interrupted = false;
      boolean nodeLevel = false;
      if (node.isPresent()) {
        NodeFacts n = node.get();
        if (n.interruptionTaint() != null) {
          facts.add(n.describe() + " carried the interruption taint " + n.interruptionTaint());
          interrupted = true;
        }
        if (n.unreachableTaint() != null) {
          facts.add(n.describe() + " carried the taint " + n.unreachableTaint());
          nodeLevel = true;
        } else if (n.notReady()) {
          facts.add(n.describe() + " had condition Ready=" + n.ready());
          nodeLevel = true;
        }
        if (n.gone()) {
          facts.add(n.describe() + " no longer exists");
          nodeLevel = true;
        }
      }
      for (ClusterEvent e : c.eventsFor(t)) {
        if (SPOT_EVENTS.contains(e.reason())) {
          facts.add(e.describe());
          interrupted = true;
        } else if (NODE_EVENTS.contains(e.reason())) {
          facts.add(e.describe());
          nodeLevel = true;
        }
      }
      if (t.disruption() != null && NODE_DISRUPTIONS.contains(t.disruption())) {
        facts.add(
            "pod "
                + t.podName()
                + " had condition DisruptionTarget=True, reason "
                + t.disruption());
        nodeLevel = true;
      }
      if (t.podReason() != null && NODE_POD_REASONS.contains(t.podReason())) {
        facts.add(
            "pod "
                + t.podName()
                + " has status.reason "
                + t.podReason()
                + (t.podMessage() == null ? "" : " (\"" + t.podMessage() + "\")"));
        nodeLevel = true;
      }
      boolean spot = node.map(NodeFacts::spot).orElse(false);
      boolean killedFromOutside = t.killedBySignal() || t.deleted() || t.exitCode() == null;
      if (interrupted || nodeLevel || (spot && killedFromOutside)) {
        if (spot && facts.stream().noneMatch(f -> f.contains("(spot"))) {
          facts.add(0, node.get().describe());
        }
        losses.add(new Loss(t, spot, interrupted, facts));
      }
    }
    return losses;
  }

  static Optional<Found> spotInterruption(DiagnosisContext c, List<Loss> losses) {
    List<Loss> spot = losses.stream().filter(Loss::spot).toList();
    if (spot.isEmpty()) {
      return Optional.empty();
    }
    boolean interrupted = spot.stream().anyMatch(Loss::interrupted);
    boolean nodeGone =
        spot.stream().anyMatch(l -> c.node(l.pod()).map(NodeFacts::gone).orElse(false));
    List<String> evidence = new ArrayList<>();
    evidence.add(lostSentence(spot, "on spot capacity"));
    Set<String> facts = new LinkedHashSet<>();
    spot.forEach(l -> facts.addAll(l.facts()));
    facts.stream().limit(6).forEach(f -> evidence.add(DiagnosisContext.capitalize(f) + "."));
    if (spot.stream().anyMatch(l -> l.pod().role() == SparkRole.DRIVER)) {
      evidence.add(
          "The driver itself ran on a reclaimed spot node: the run could not survive that.");
    }
    c.symptomNote().ifPresent(evidence::add);
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.SPOT_INTERRUPTION,
                interrupted || nodeGone ? Confidence.HIGH : Confidence.MEDIUM,
                "Spot capacity the job ran on was reclaimed; the lost pods took their work (and"
                    + " shuffle output) with them.",
                evidence),
            rankFor(spot)));
  }

  static Optional<Found> nodeLoss(DiagnosisContext c, List<Loss> losses) {
    List<Loss> node = losses.stream().filter(l -> !l.spot()).toList();
    List<DriverLog.ExecutorLoss> deletedInLog =
        c.log.losses(DriverLog.LossKind.DELETED).stream()
            .filter(
                l -> losses.stream().noneMatch(x -> l.executorId().equals(x.pod().executorId())))
            .toList();
    boolean driverVanished =
        c.signals.errorMessage() != null
            && c.signals.errorMessage().contains("driver pod not found");
    if (node.isEmpty() && deletedInLog.isEmpty() && !driverVanished) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (!node.isEmpty()) {
      evidence.add(lostSentence(node, "on on-demand or unknown capacity"));
      Set<String> facts = new LinkedHashSet<>();
      node.forEach(l -> facts.addAll(l.facts()));
      facts.stream().limit(6).forEach(f -> evidence.add(DiagnosisContext.capitalize(f) + "."));
    }
    if (!deletedInLog.isEmpty()) {
      evidence.add(
          "The driver log says "
              + plural(deletedInLog.size(), "executor")
              + " ("
              + String.join(
                  ", ", deletedInLog.stream().map(DriverLog.ExecutorLoss::executorId).toList())
              + ") \"was deleted by a user or the framework\": removed from outside, as a drain or"
              + " a node removal does; the nodes' capacity type is not known.");
    }
    if (driverVanished) {
      evidence.add(
          "The Spark operator reports \"driver pod not found\": the driver pod disappeared while"
              + " the run was going.");
    }
    c.symptomNote().ifPresent(evidence::add);
    Confidence confidence = node.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH;
    int occurrences = node.size() + deletedInLog.size() + (driverVanished ? 1 : 0);
    boolean driver =
        driverVanished || node.stream().anyMatch(l -> l.pod().role() == SparkRole.DRIVER);
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.NODE_LOSS,
                confidence,
                "Nodes the job ran on went away or stopped answering; the pods on them were lost.",
                evidence),
            driver ? Diagnoser.RANK_DRIVER - 1 : Diagnoser.executorLevelRank(occurrences, false)));
  }

  static Optional<Found> shuffleFetchFailure(DiagnosisContext c, boolean lossExplained) {
    if (c.log.fetchFailures() == 0) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "The driver log has "
            + plural(c.log.fetchFailures(), "shuffle fetch failure line")
            + ", first: "
            + c.log.firstFetchFailure()
            + ".");
    int lostExecutors = c.log.losses().size();
    if (lostExecutors > 0) {
      evidence.add(
          plural(lostExecutors, "executor")
              + " were lost during the run; their shuffle output went with them.");
    }
    if (lossExplained) {
      evidence.add(
          "The executor losses above explain the missing shuffle output: a symptom, not a cause.");
    }
    boolean endedRun =
        c.log.runException() != null
            && (c.log.runException().rootClassName().contains("FetchFailed")
                || c.log.runException().message().contains("FetchFailed"));
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.SHUFFLE_FETCH_FAILURE,
                endedRun || lostExecutors > 0 ? Confidence.HIGH : Confidence.MEDIUM,
                "Reducers could not fetch shuffle output that lost executors had written; enabling"
                    + " decommissioning with shuffle migration (or shuffle tracking) keeps it.",
                evidence),
            lossExplained ? Diagnoser.RANK_SYMPTOM : Diagnoser.RANK_FETCH));
  }

  static Optional<Found> stuck(DiagnosisContext c, boolean lossExplained) {
    List<DriverLog.ExecutorLoss> heartbeats = c.log.losses(DriverLog.LossKind.HEARTBEAT_TIMEOUT);
    java.util.regex.Matcher futures =
        FUTURES_TIMED_OUT.matcher(c.signals.driverLog() == null ? "" : c.signals.driverLog());
    boolean futuresTimedOut = futures.find();
    boolean driverTimeout = c.driverExit.exitedWith(124);
    if ((heartbeats.isEmpty() || lossExplained) && !futuresTimedOut && !driverTimeout) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (!heartbeats.isEmpty() && !lossExplained) {
      evidence.add(
          plural(heartbeats.size(), "executor")
              + " ("
              + String.join(
                  ", ", heartbeats.stream().map(DriverLog.ExecutorLoss::executorId).toList())
              + ") stopped answering heartbeats, e.g. \""
              + heartbeats.get(0).text()
              + "\", while no node was reported lost: long GC pauses or hung tasks.");
    }
    if (futuresTimedOut) {
      evidence.add(
          "The driver gave up waiting: \"Futures timed out after "
              + futures.group(1)
              + "\" (a broadcast or a result that never arrived).");
    }
    if (driverTimeout) {
      evidence.add("The driver exited with code 124, Spark's exit code for a driver timeout.");
    }
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.STUCK,
                Confidence.MEDIUM,
                "The job stopped making progress: executors or the driver waited past their"
                    + " timeouts.",
                evidence),
            Diagnoser.RANK_STUCK));
  }

  private static String lostSentence(List<Loss> losses, String where) {
    List<ContainerTermination> pods = losses.stream().map(Loss::pod).toList();
    String codes =
        pods.stream()
            .map(
                t ->
                    t.exitCode() == null
                        ? "no exit code"
                        : "exit code "
                            + t.exitCode()
                            + (t.reason() == null ? "" : " " + t.reason()))
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    return DiagnosisContext.capitalize(plural(pods.size(), "pod"))
        + " "
        + where
        + " ended from outside the job ("
        + codes
        + ", none OOMKilled): "
        + DiagnosisContext.describeAll(pods)
        + ".";
  }

  private static int rankFor(List<Loss> losses) {
    boolean driver = losses.stream().anyMatch(l -> l.pod().role() == SparkRole.DRIVER);
    return driver ? Diagnoser.RANK_DRIVER - 1 : Diagnoser.executorLevelRank(losses.size(), false);
  }
}
