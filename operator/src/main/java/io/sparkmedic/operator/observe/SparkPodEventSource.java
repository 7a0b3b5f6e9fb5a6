package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.List;
import java.util.Set;

/**
 * Watches the pods the Spark operator launches (label-selected, never all pods), maps each to its
 * application, and writes every Spark container termination into the {@link TerminationLedger} the
 * moment the informer sees it — before Spark deletes the pod.
 */
public final class SparkPodEventSource extends InformerEventSource<Pod, SparkApplication> {

  public static final String NAME = "spark-pods";

  /** Only pods the Kubeflow Spark operator launched. */
  public static final String SELECTOR = SparkApplication.LAUNCHED_BY_LABEL + "=true";

  private final TerminationLedger ledger;
  private final NodeCache nodes;

  private SparkPodEventSource(
      InformerEventSourceConfiguration<Pod> configuration,
      EventSourceContext<SparkApplication> context,
      TerminationLedger ledger,
      NodeCache nodes) {
    super(configuration, context);
    this.ledger = ledger;
    this.nodes = nodes;
  }

  /**
   * The pod sources of the controller's namespaces (see {@link NamespacedInformers}): their caches
   * keep each pod's {@link PodTerminations#cacheView}, not the whole pod — a Spark pod as the API
   * server sends it is several times larger, and 20,000 of them do not fit a 256 MiB operator. The
   * handlers below see the whole pod, except on the initial list, where they see the view.
   */
  public static List<InformerEventSource<Pod, SparkApplication>> forControllerNamespaces(
      EventSourceContext<SparkApplication> context, TerminationLedger ledger, NodeCache nodes) {
    return NamespacedInformers.<Pod, SparkApplication>of(
            context,
            NAME,
            () ->
                InformerEventSourceConfiguration.from(Pod.class, SparkApplication.class)
                    .withLabelSelector(SELECTOR)
                    .withSecondaryToPrimaryMapper(
                        pod ->
                            PodTerminations.applicationName(pod)
                                .map(
                                    app ->
                                        Set.of(
                                            new ResourceID(app, pod.getMetadata().getNamespace())))
                                .orElse(Set.of())),
            PodTerminations::cacheView,
            configuration -> new SparkPodEventSource(configuration, context, ledger, nodes))
        .sources();
  }

  @Override
  public void onAdd(Pod pod) {
    capture(pod);
    super.onAdd(pod);
  }

  @Override
  public void onUpdate(Pod oldPod, Pod newPod) {
    capture(newPod);
    super.onUpdate(oldPod, newPod);
  }

  @Override
  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
    PodTerminations.applicationName(pod)
        .ifPresent(
            app ->
                PodTerminations.of(pod)
                    .ifPresent(
                        t -> ledger.record(pod.getMetadata().getNamespace(), app, t.asDeleted())));
    super.onDelete(pod, deletedFinalStateUnknown);
  }

  private void capture(Pod pod) {
    if (pod.getSpec() != null && nodes != null) {
      // Learn the node's capacity type while the node still exists.
      nodes.prefetch(pod.getSpec().getNodeName());
    }
    PodTerminations.applicationName(pod)
        .ifPresent(
            app ->
                PodTerminations.of(pod)
                    .ifPresent(t -> ledger.record(pod.getMetadata().getNamespace(), app, t)));
  }
}
