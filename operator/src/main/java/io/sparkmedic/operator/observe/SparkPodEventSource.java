package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.operator.SparkmedicOperator;
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

  public SparkPodEventSource(
      EventSourceContext<SparkApplication> context, TerminationLedger ledger, NodeCache nodes) {
    super(
        InformerEventSourceConfiguration.from(Pod.class, SparkApplication.class)
            .withName(NAME)
            .withLabelSelector(SELECTOR)
            // The cache keeps what Sparkmedic reads of a pod, not the whole pod; the handlers
            // below still see the pod as the API server sent it.
            .withItemStore(new TransformingItemStore<>(PodTerminations::cacheView))
            .withSecondaryToPrimaryMapper(
                pod ->
                    PodTerminations.applicationName(pod)
                        .map(app -> Set.of(new ResourceID(app, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .withNamespacesInheritedFromController()
            .withInformerListLimit(SparkmedicOperator.LIST_PAGE)
            .build(),
        context);
    this.ledger = ledger;
    this.nodes = nodes;
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
