package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a {@link SimulatedRun} needs from its simulator.
 *
 * @param truths the hidden truth of an application, by {@code namespace/name}
 * @param faults how many of its truth's spot interruptions and transient failures an application
 *     has had, by {@code namespace/name}; only the scheduler thread changes them
 * @param history appends a line to an application's history, by {@code namespace/name}
 * @param cachedPod a launched-by-spark-operator pod from the informer cache, by {@code
 *     namespace/name}; may lag the server
 * @param nodes the nodes pods are placed on
 */
record Env(
    KubernetesClient client,
    SimClock clock,
    SimulatorOptions options,
    Function<String, JobTruth> truths,
    Function<String, FaultCounters> faults,
    BiConsumer<String, String> history,
    Function<String, Pod> cachedPod,
    SimulatedNodes nodes) {

  /** Faults an application has been dealt so far. */
  static final class FaultCounters {
    int spotInterruptions;
    int transientFailures;
  }
}
