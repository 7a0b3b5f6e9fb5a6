package io.sparkmedic.operator.observe;

import io.sparkmedic.remediation.signal.ContainerTermination;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers how Spark containers ended, per application, because Spark deletes a failed executor's
 * pod soon after it fails: by the time the application has failed, the evidence is gone from the
 * cluster. Bounded: at most {@link #MAX_PER_APPLICATION} pods per application, oldest dropped.
 */
public final class TerminationLedger {

  public static final int MAX_PER_APPLICATION = 200;

  private record AppKey(String namespace, String name) {}

  private final Map<AppKey, LinkedHashMap<String, ContainerTermination>> byApp =
      new ConcurrentHashMap<>();

  /** Records (or updates) how a pod's Spark container ended. */
  public void record(String namespace, String application, ContainerTermination termination) {
    LinkedHashMap<String, ContainerTermination> pods =
        byApp.computeIfAbsent(new AppKey(namespace, application), k -> new LinkedHashMap<>());
    synchronized (pods) {
      ContainerTermination previous = pods.get(termination.podName());
      // A later observation of the same pod is at least as complete, unless it lost the exit code.
      if (previous == null || termination.exitCode() != null || previous.exitCode() == null) {
        pods.put(termination.podName(), termination);
      }
      while (pods.size() > MAX_PER_APPLICATION) {
        pods.remove(pods.keySet().iterator().next());
      }
    }
  }

  /** The terminations recorded for one submission of an application, oldest first. */
  public List<ContainerTermination> forSubmission(
      String namespace, String application, String submissionId) {
    LinkedHashMap<String, ContainerTermination> pods =
        byApp.get(new AppKey(namespace, application));
    if (pods == null) {
      return List.of();
    }
    synchronized (pods) {
      List<ContainerTermination> out = new ArrayList<>();
      for (ContainerTermination t : pods.values()) {
        if (submissionId == null
            || t.submissionId() == null
            || Objects.equals(submissionId, t.submissionId())) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** Drops everything recorded for an application (it completed, or was deleted). */
  public void forget(String namespace, String application) {
    byApp.remove(new AppKey(namespace, application));
  }

  /** How many applications have records, for tests and metrics. */
  public int applications() {
    return byApp.size();
  }
}
