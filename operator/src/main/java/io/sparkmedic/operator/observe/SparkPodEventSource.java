package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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

  /*
   * The cache keeps what Sparkmedic reads of a pod, not the whole pod: each pod is cut down to its
   * cache view here, in place, once its termination is captured. Not a TransformingItemStore: JOSDK
   * gives the one store to the informer of every watched namespace, and each informer's relist
   * would then drop the other namespaces' pods. This handler is the informer's only one, and the
   * cut keeps every field anything reads.
   */

  @Override
  public void onAdd(Pod pod) {
    capture(pod);
    PodTerminations.trimToCacheView(pod);
    super.onAdd(pod);
  }

  @Override
  public void onUpdate(Pod oldPod, Pod newPod) {
    capture(newPod);
    PodTerminations.trimToCacheView(newPod);
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
