package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Sparkmedic's {@code SparkRemediation}s as an informer sees them, in every namespace. */
public final class Records implements AutoCloseable {

  private static final String BY_APPLICATION = "application";

  private final SharedIndexInformer<SparkRemediation> informer;

  public Records(KubernetesClient client) {
    this.informer =
        client
            .resources(SparkRemediation.class)
            .inAnyNamespace()
            .withIndexers(Map.of(BY_APPLICATION, r -> List.of(applicationKey(r))))
            .inform();
  }

  private static String applicationKey(SparkRemediation r) {
    Map<String, String> labels = r.getMetadata().getLabels();
    return r.getMetadata().getNamespace()
        + "/"
        + (labels == null ? "" : labels.getOrDefault(Sparkmedic.APPLICATION_LABEL, ""));
  }

  /** The records about one application, oldest first. */
  public List<SparkRemediation> of(String namespace, String application) {
    return informer.getIndexer().byIndex(BY_APPLICATION, namespace + "/" + application).stream()
        .filter(r -> r.getSpec() != null && r.getSpec().getAttempt() != null)
        .sorted(Comparator.comparing((SparkRemediation r) -> r.getSpec().getAttempt()))
        .toList();
  }

  /** The record deciding about one run (by submission id), if any. */
  public SparkRemediation forRun(String namespace, String application, String submissionId) {
    for (SparkRemediation r : of(namespace, application)) {
      if (r.getSpec().getApplication() != null
          && Objects.equals(r.getSpec().getApplication().getSubmissionID(), submissionId)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void close() {
    informer.close();
  }
}
