package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a {@link SimulatedRun} needs from its simulator.
 *
 * @param truths the hidden truth of an application, by {@code namespace/name}
 * @param history appends a line to an application's history, by {@code namespace/name}
 * @param cachedPod a launched-by-spark-operator pod from the informer cache, by {@code
 *     namespace/name}; may lag the server
 */
record Env(
    KubernetesClient client,
    SimClock clock,
    Function<String, JobTruth> truths,
    BiConsumer<String, String> history,
    Function<String, Pod> cachedPod) {}
