package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The fixed-multiplier rule teams run today, after Stitch Fix's Flotilla
 * (research/remediation-anchors.md §1c and §1e), as a small watcher: when an application ends
 * {@code FAILED}, whatever the cause,
 *
 * <ul>
 *   <li>{@code spec.executor.memory} × 1.25, of the <em>current</em> value, so repeated failures
 *       compound (Flotilla's Spark path multiplies the user-submitted value, a one-step bump that
 *       could never reach a need above 1.25×; compounding gives the rule its best chance);
 *   <li>{@code spec.driver.memory} × 3 when the driver died with exit code 137 (the Spark
 *       operator's {@code errorMessage} says {@code ExitCode: 137}; the reason is not read, as
 *       Flotilla reads only the code);
 *   <li>executors pinned to on-demand nodes ({@code karpenter.sh/capacity-type: on-demand} in the
 *       executor pod template's node selector);
 * </ul>
 *
 * and the changed spec makes the Spark operator run it again. At most 3 retries per application, as
 * the Spark operator's {@code OnFailure} contender gets. Memory is rounded up to whole MiB.
 */
public final class FixedMultiplierRule implements Contender {

  public static final double EXECUTOR_FACTOR = 1.25;
  public static final int DRIVER_FACTOR = 3;
  public static final int RETRIES = 3;

  private final Map<String, Integer> retries = new ConcurrentHashMap<>();
  private final Set<String> handledRuns = ConcurrentHashMap.newKeySet();
  private final Set<String> gaveUp = ConcurrentHashMap.newKeySet();
  private final ExecutorService patcher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fixed-multiplier");
            t.setDaemon(true);
            return t;
          });
  private KubernetesClient client;
  private SharedIndexInformer<SparkApplication> informer;

  @Override
  public String name() {
    return "fixed multiplier";
  }

  @Override
  public String description() {
    return "after any failure: executor memory ×1.25 (compounding), driver memory ×3 after a"
        + " driver 137, executors to on-demand; at most "
        + RETRIES
        + " retries";
  }

  @Override
  public String namespace() {
    return "fixed-multiplier";
  }

  @Override
  public void start(KubernetesClient client) {
    this.client = client;
    informer =
        client
            .resources(SparkApplication.class)
            .inNamespace(namespace())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(SparkApplication app) {
                    onChange(app);
                  }

                  @Override
                  public void onUpdate(SparkApplication oldApp, SparkApplication app) {
                    onChange(app);
                  }

                  @Override
                  public void onDelete(SparkApplication app, boolean unknown) {
                    retries.remove(app.getMetadata().getName());
                  }
                },
                0);
  }

  private void onChange(SparkApplication app) {
    if (app.getStatus() == null || !ApplicationStates.FAILED.equals(app.getStatus().state())) {
      return;
    }
    String run = app.getMetadata().getName() + "/" + app.getStatus().getSubmissionId();
    if (handledRuns.add(run)) {
      patcher.execute(() -> react(app, run));
    }
  }

  private void react(SparkApplication app, String run) {
    String name = app.getMetadata().getName();
    int used = retries.getOrDefault(name, 0);
    if (used >= RETRIES) {
      gaveUp.add(run);
      return;
    }
    retries.put(name, used + 1);
    SparkApplicationSpec spec = app.getSpec();
    Map<String, Object> executor = new LinkedHashMap<>();
    long heap =
        SparkMemoryMath.heapMiB(spec.getExecutor() == null ? null : spec.getExecutor().getMemory());
    executor.put("memory", (long) Math.ceil(heap * EXECUTOR_FACTOR) + "m");
    executor.put(
        "template",
        Map.of("spec", Map.of("nodeSelector", Map.of(RunShape.KARPENTER, "on-demand"))));
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("executor", executor);
    String error =
        app.getStatus().getApplicationState() == null
            ? null
            : app.getStatus().getApplicationState().getErrorMessage();
    if (error != null && error.contains("ExitCode: 137")) {
      long driverHeap =
          SparkMemoryMath.heapMiB(spec.getDriver() == null ? null : spec.getDriver().getMemory());
      change.put("driver", Map.of("memory", driverHeap * DRIVER_FACTOR + "m"));
    }
    client
        .resources(SparkApplication.class)
        .inNamespace(namespace())
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", change)));
  }

  @Override
  public void shape(SparkApplicationSpec spec) {
    RestartPolicy never = new RestartPolicy();
    never.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(never);
  }

  @Override
  public boolean settled(SparkApplication failed, Records records) {
    return gaveUp.contains(
        failed.getMetadata().getName() + "/" + failed.getStatus().getSubmissionId());
  }

  @Override
  public String decisions(SparkApplication app, Records records) {
    return retries.getOrDefault(app.getMetadata().getName(), 0) + " patch(es)";
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    patcher.shutdownNow();
    try {
      patcher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
