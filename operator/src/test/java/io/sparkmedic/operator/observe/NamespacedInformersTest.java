package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NamespacedInformersTest {

  private static Pod executor(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("spark-role", "executor")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .endMetadata()
        .withNewSpec()
        .withNodeName("ip-10-0-41-7.ec2.internal")
        .addNewContainer()
        .withName("spark-kubernetes-executor")
        .withImage("apache/spark:3.5.5")
        .addNewEnv()
        .withName("SPARK_EXECUTOR_ID")
        .withValue("1")
        .endEnv()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void theViewStoreKeepsViewsAndHandsTheInitialListToHandlersAsViewsNotWholePods()
      throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      api.createNamespace("team-a");
      for (int i = 0; i < 5; i++) {
        api.client().pods().inNamespace("team-a").resource(executor("etl-exec-" + i)).create();
      }
      List<Pod> added = new CopyOnWriteArrayList<>();
      SharedIndexInformer<Pod> informer =
          api.client().pods().inNamespace("team-a").withLimit(2L).runnableInformer(0);
      informer.itemStore(NamespacedInformers.viewStore(PodTerminations::cacheView));
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
              added.add(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {}

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {}
          });
      try {
        informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        awaitSize(added, 5);

        assertThat(added)
            .as("the initial list reaches handlers as views, after the whole list")
            .hasSize(5)
            .allSatisfy(
                p -> {
                  assertThat(p.getSpec().getContainers()).isEmpty();
                  assertThat(p.getSpec().getNodeName()).isEqualTo("ip-10-0-41-7.ec2.internal");
                });

        api.client().pods().inNamespace("team-a").resource(executor("etl-exec-late")).create();
        awaitSize(added, 6);

        assertThat(added.get(5).getSpec().getContainers())
            .as("a pod that arrives by watch reaches handlers whole")
            .hasSize(1);
        assertThat(informer.getStore().list())
            .hasSize(6)
            .allSatisfy(
                p -> {
                  assertThat(p.getSpec().getContainers()).isEmpty();
                  assertThat(p.getMetadata().getAnnotations()).isEmpty();
                  assertThat(p.getMetadata().getLabels()).containsEntry("spark-role", "executor");
                });
      } finally {
        informer.close();
      }
    }
  }

  private static void awaitSize(List<Pod> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
