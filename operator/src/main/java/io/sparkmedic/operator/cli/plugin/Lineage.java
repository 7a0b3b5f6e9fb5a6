package io.sparkmedic.operator.cli.plugin;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as Sparkmedic sees it: the application asked about, the original application and the
 * retries Sparkmedic created for it ({@code <name>-r<N>}, strategy NewApplication), all sharing the
 * {@code sparkmedic.io/lineage} label, and the job's {@link SparkRemediation}s, oldest first.
 *
 * @param asked the application named on the command line
 * @param applications the original first (when it still exists), then the retries, oldest first
 * @param records the job's records by attempt
 */
record Lineage(
    SparkApplication asked, List<SparkApplication> applications, List<SparkRemediation> records) {

  /** Reads the job of application {@code name}; a {@link KubectlCommand.Failure} if none. */
  static Lineage read(KubernetesClient client, String namespace, String name) {
    SparkApplication asked = applications(client, namespace).withName(name).get();
    if (asked == null) {
      throw new KubectlCommand.Failure(
          "no SparkApplication \"" + name + "\" in namespace \"" + namespace + "\"");
    }
    String lineage = lineageOf(asked);
    List<SparkRemediation> records =
        client
            .resources(SparkRemediation.class)
            .inNamespace(namespace)
            .withLabel(Sparkmedic.LINEAGE_LABEL, lineage)
            .list()
            .getItems()
            .stream()
            .filter(r -> r.getSpec() != null && r.getSpec().getApplication() != null)
            .sorted(
                Comparator.comparing((SparkRemediation r) -> attempt(r))
                    .thenComparing(r -> r.getMetadata().getName()))
            .toList();
    Map<String, SparkApplication> byUid = new LinkedHashMap<>();
    original(client, namespace, asked, lineage, records)
        .ifPresent(app -> byUid.put(app.getMetadata().getUid(), app));
    applications(client, namespace)
        .withLabel(Sparkmedic.LINEAGE_LABEL, lineage)
        .list()
        .getItems()
        .stream()
        .sorted(
            Comparator.comparing(
                    (SparkApplication a) ->
                        Objects.toString(a.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(a -> a.getMetadata().getName().length())
                .thenComparing(a -> a.getMetadata().getName()))
        .forEach(app -> byUid.putIfAbsent(app.getMetadata().getUid(), app));
    byUid.putIfAbsent(asked.getMetadata().getUid(), asked);
    return new Lineage(asked, List.copyOf(byUid.values()), records);
  }

  /** The job an application belongs to: the original's uid, which retries carry as a label. */
  static String lineageOf(SparkApplication app) {
    Map<String, String> labels = app.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Sparkmedic.LINEAGE_LABEL);
    return label != null ? label : app.getMetadata().getUid();
  }

  /** The records about one application (not its retries), by attempt. */
  List<SparkRemediation> recordsOf(SparkApplication app) {
    return records.stream()
        .filter(
            r -> Objects.equals(r.getSpec().getApplication().getUid(), app.getMetadata().getUid()))
        .toList();
  }

  static int attempt(SparkRemediation r) {
    return r.getSpec().getAttempt() == null ? 0 : r.getSpec().getAttempt();
  }

  /**
   * The application the job started as: the one asked about, or found by name from the records and
   * the {@code sparkmedic.io/retry-of} chain, checked by uid. Empty when it was deleted.
   */
  private static Optional<SparkApplication> original(
      KubernetesClient client,
      String namespace,
      SparkApplication asked,
      String lineage,
      List<SparkRemediation> records) {
    if (lineage.equals(asked.getMetadata().getUid())) {
      return Optional.of(asked);
    }
    List<String> names = new ArrayList<>();
    records.stream()
        .filter(r -> lineage.equals(r.getSpec().getApplication().getUid()))
        .map(r -> r.getSpec().getApplication().getName())
        .forEach(names::add);
    SparkApplication step = asked;
    for (int hops = 0; step != null && hops < 64; hops++) {
      Map<String, String> annotations = step.getMetadata().getAnnotations();
      String retryOf = annotations == null ? null : annotations.get(Sparkmedic.RETRY_OF_ANNOTATION);
      if (retryOf == null) {
        break;
      }
      names.add(retryOf);
      step = applications(client, namespace).withName(retryOf).get();
      if (step != null && lineage.equals(step.getMetadata().getUid())) {
        return Optional.of(step);
      }
    }
    return names.stream()
        .distinct()
        .map(n -> applications(client, namespace).withName(n).get())
        .filter(app -> app != null && lineage.equals(app.getMetadata().getUid()))
        .findFirst();
  }

  private static NonNamespaceOperation<
          SparkApplication, KubernetesResourceList<SparkApplication>, Resource<SparkApplication>>
      applications(KubernetesClient client, String namespace) {
    return client.resources(SparkApplication.class).inNamespace(namespace);
  }
}
