package io.sparkmedic.remediation.diagnosis;

import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.DriverLog;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the rules share: the signals, read once, and the wording of evidence. */
final class DiagnosisContext {

  /** The Kubeflow Spark operator's {@code errorMessage} for a failed driver container. */
  private static final Pattern DRIVER_FAILED =
      Pattern.compile("driver container failed with ExitCode: (-?\\d+), Reason: (\\S+)");

  final FailureSignals signals;
  final SparkSettings settings;
  final DriverLog log;
  final DriverExit driverExit;

  DiagnosisContext(FailureSignals signals, SparkSettings settings) {
    this.signals = signals;
    this.settings = settings;
    this.log = DriverLog.read(signals.driverLog());
    this.driverExit = DriverExit.of(signals);
  }

  /** How the driver ended: from its container if seen, else from the Spark operator's message. */
  record DriverExit(
      Integer exitCode, String reason, String source, ContainerTermination termination) {
    static DriverExit of(FailureSignals signals) {
      List<ContainerTermination> drivers = signals.terminationsOf(SparkRole.DRIVER);
      if (!drivers.isEmpty()) {
        ContainerTermination last = drivers.get(drivers.size() - 1);
        return new DriverExit(last.exitCode(), last.reason(), "pod " + last.podName(), last);
      }
      if (signals.errorMessage() != null) {
        Matcher m = DRIVER_FAILED.matcher(signals.errorMessage());
        if (m.find()) {
          return new DriverExit(
              Integer.parseInt(m.group(1)), m.group(2), "the application's errorMessage", null);
        }
      }
      return new DriverExit(null, null, null, null);
    }

    boolean known() {
      return exitCode != null;
    }

    boolean exitedWith(int code) {
      return exitCode != null && exitCode == code;
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

  Optional<NodeFacts> node(ContainerTermination t) {
    return signals.node(t.nodeName());
  }

  /** Events about the pod and about its node. */
  List<ClusterEvent> eventsFor(ContainerTermination t) {
    List<ClusterEvent> pod = signals.eventsAbout("Pod", t.podName());
    if (t.nodeName() == null) {
      return pod;
    }
    return java.util.stream.Stream.concat(
            pod.stream(), signals.eventsAbout("Node", t.nodeName()).stream())
        .toList();
  }

  static String describeAll(List<ContainerTermination> terminations) {
    int shown = Math.min(terminations.size(), 5);
    String listed =
        terminations.subList(0, shown).stream()
            .map(ContainerTermination::describe)
            .collect(Collectors.joining(", "));
    return terminations.size() > shown
        ? listed + " and " + (terminations.size() - shown) + " more"
        : listed;
  }

  static String count(int n, int of, String noun) {
    return n + " of " + of + " " + noun + (of == 1 ? "" : "s");
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String exitCodes(List<ContainerTermination> terminations) {
    return terminations.stream()
        .map(t -> t.exitCode() == null ? "unknown" : String.valueOf(t.exitCode()))
        .distinct()
        .collect(Collectors.joining("/"));
  }

  /** "Executor containers were sized heap 2g (...) + overhead 384m (...) = 2432m". */
  String containerSizing(SparkRole role) {
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

  /** The driver's failure as a consequence of lost executors, when it is one. */
  Optional<String> symptomNote() {
    if (!driverExit.known()
        || driverExit.exitedWith(Diagnoser.SPARK_OOM_EXIT)
        || driverExit.oomKilled()
        || driverExit.exitedWith(0)) {
      return Optional.empty();
    }
    return Optional.of(
        capitalize(driverExit.describe())
            + ": the job was aborted after losing executors, a symptom of their failures rather"
            + " than a cause of its own.");
  }
}
