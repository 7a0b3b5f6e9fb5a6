package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Times reactions: {@link #expect} starts a clock for an application just before its FAILED status
 * is written; the first watch event showing the reaction (a predicate on the application) stops it.
 * One informer over every namespace, in the benchmark's own JVM.
 */
final class ReactionWatch implements AutoCloseable {

  private record Pending(long startNanos, Predicate<SparkApplication> reacted, String series) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> reacted =
      new ConcurrentHashMap<>();
  private final SharedIndexInformer<SparkApplication> informer;
  private final BiConsumer<String, SparkApplication> onReaction;

  ReactionWatch(KubernetesClient client, BiConsumer<String, SparkApplication> onReaction) {
    this.onReaction = onReaction;
    informer =
        client
            .resources(SparkApplication.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(SparkApplication app) {}

                  @Override
                  public void onUpdate(SparkApplication before, SparkApplication app) {
                    seen(app, System.nanoTime());
                  }

                  @Override
                  public void onDelete(SparkApplication app, boolean unknown) {}
                },
                0);
  }

  void expect(String key, String series, Predicate<SparkApplication> reacted) {
    pending.put(key, new Pending(System.nanoTime(), reacted, series));
  }

  private void seen(SparkApplication app, long now) {
    String key = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
    Pending p = pending.get(key);
    if (p == null || !p.reacted().test(app)) {
      return;
    }
    if (pending.remove(key, p)) {
      latencies
          .computeIfAbsent(p.series(), s -> Collections.synchronizedList(new ArrayList<>()))
          .add(now - p.startNanos());
      reacted
          .computeIfAbsent(p.series(), k -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
      onReaction.accept(key, app);
    }
  }

  int pending() {
    return pending.size();
  }

  /** Reactions seen so far in a series (drained or not). */
  int reacted(String series) {
    return reacted
        .computeIfAbsent(series, k -> new java.util.concurrent.atomic.AtomicInteger())
        .get();
  }

  /** Latencies of one series, ms, sorted; clears it. */
  List<Double> drain(String series) {
    List<Long> raw = latencies.remove(series);
    if (raw == null) {
      return List.of();
    }
    synchronized (raw) {
      return raw.stream().sorted().map(n -> n / 1e6).toList();
    }
  }

  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  @Override
  public void close() {
    informer.close();
  }
}
