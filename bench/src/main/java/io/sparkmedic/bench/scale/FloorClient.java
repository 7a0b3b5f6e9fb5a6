package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import java.io.IOException;
import java.util.Map;

/**
 * The floor of the scale benchmark's setup: the least any operator can do about a failure — a bare
 * informer on the {@code SparkApplication}s of one namespace that answers each {@code FAILED} run
 * with one JSON patch (an annotation naming the run), right in the event handler. Run as its own
 * JVM against {@code KUBECONFIG}, like the operator; prints {@code ready} once its cache is synced
 * and runs until its standard input closes.
 */
public final class FloorClient {

  /** The annotation the floor writes; its value is the failed run's submission id. */
  public static final String ANNOTATION = "bench.sparkmedic.io/floor";

  private FloorClient() {}

  public static void main(String[] args) throws IOException {
    String namespace = args.length > 0 ? args[0] : "floor";
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        SharedIndexInformer<SparkApplication> informer =
            client
                .resources(SparkApplication.class)
                .inNamespace(namespace)
                .inform(
                    new ResourceEventHandler<>() {
                      @Override
                      public void onAdd(SparkApplication app) {
                        answer(client, app);
                      }

                      @Override
                      public void onUpdate(SparkApplication before, SparkApplication app) {
                        answer(client, app);
                      }

                      @Override
                      public void onDelete(SparkApplication app, boolean unknown) {}
                    },
                    0)) {
      System.out.println("ready " + informer.getStore().list().size());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the benchmark closes our standard input
      }
    }
  }

  private static void answer(KubernetesClient client, SparkApplication app) {
    if (app.getStatus() == null || !ApplicationStates.FAILED.equals(app.getStatus().state())) {
      return;
    }
    String run = app.getStatus().getSubmissionId();
    Map<String, String> annotations = app.getMetadata().getAnnotations();
    if (run == null || (annotations != null && run.equals(annotations.get(ANNOTATION)))) {
      return;
    }
    client
        .resources(SparkApplication.class)
        .inNamespace(app.getMetadata().getNamespace())
        .withName(app.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/metadata/annotations/"
                + ANNOTATION.replace("/", "~1")
                + "\",\"value\":\""
                + run
                + "\"}]");
  }
}
