package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.bench.Machine;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One scale run: populate the API server, start the operator and the floor client as their own
 * JVMs, let their caches fill, then fail applications at a steady rate — the operator's and the
 * floor's alternately — and time each reaction; read heap, CPU and API requests around it.
 */
public final class ScaleRun {

  /**
   * @param apps SparkApplications (half running, half completed)
   * @param pods pods between them
   * @param namespaces team namespaces the applications spread over
   * @param rate failures per second, for the operator and (as many) for the floor
   * @param seconds how long the measured stream lasts
   * @param warmup failures of each series before measuring (JIT, connection pools)
   * @param heap the operator's -Xmx
   * @param fallbackHeap the -Xmx of a second try when the operator does not start with {@code heap}
   *     (so that reaction is still measured, and the gap reported); null for none
   * @param operatorJar the operator's runnable jar; absent: the operator classes in this jar
   */
  public record Settings(
      int apps,
      int pods,
      int namespaces,
      double rate,
      int seconds,
      int warmup,
      String heap,
      String fallbackHeap,
      Path operatorJar) {

    public static Settings defaults() {
      // 1 failure a second: at 2,000 applications and 20,000 pods, fabric8's mock (which scans
      // every stored object per request) saturates a core at about 50 requests a second.
      return new Settings(
          2000, 20000, 5, 1, 60, 25, "256m", "1g", Path.of("operator/target/sparkmedic.jar"));
    }

    public Settings withApps(int v) {
      return new Settings(
          v, pods, namespaces, rate, seconds, warmup, heap, fallbackHeap, operatorJar);
    }

    public Settings withPods(int v) {
      return new Settings(
          apps, v, namespaces, rate, seconds, warmup, heap, fallbackHeap, operatorJar);
    }

    public Settings withNamespaces(int v) {
      return new Settings(apps, pods, v, rate, seconds, warmup, heap, fallbackHeap, operatorJar);
    }

    public Settings withRate(double v) {
      return new Settings(
          apps, pods, namespaces, v, seconds, warmup, heap, fallbackHeap, operatorJar);
    }

    public Settings withSeconds(int v) {
      return new Settings(apps, pods, namespaces, rate, v, warmup, heap, fallbackHeap, operatorJar);
    }

    public Settings withHeap(String v) {
      return new Settings(
          apps, pods, namespaces, rate, seconds, warmup, v, fallbackHeap, operatorJar);
    }

    public Settings withFallbackHeap(String v) {
      return new Settings(apps, pods, namespaces, rate, seconds, warmup, heap, v, operatorJar);
    }

    public Settings withOperatorJar(Path v) {
      return new Settings(apps, pods, namespaces, rate, seconds, warmup, heap, fallbackHeap, v);
    }

    int failures() {
      return (int) Math.round(rate * seconds);
    }
  }

  static final String OPERATOR = "operator";
  static final String FLOOR = "floor";
  private static final String FLOOR_NAMESPACE = "floor";

  private final Settings settings;
  private final Consumer<String> progress;

  public ScaleRun(Settings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public String run() throws Exception {
    String machine = Machine.describe();
    Path work = Files.createTempDirectory("sparkmedic-scale-");
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < settings.namespaces(); i++) {
      namespaces.add(String.format(Locale.ROOT, "team-%02d", i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Report report = new Report();
    report.machine = machine;
    List<JvmProcess> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reaper = new Thread(() -> children.forEach(JvmProcess::close), "scale-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try (ScaleApiServer api = new ScaleApiServer(SparkFleet.DRIVER_LOG_TAIL)) {
      KubernetesClient client = api.client();
      long populating = System.nanoTime();
      for (String ns : namespaces) {
        api.createNamespace(ns);
        client.resource(policy(ns)).create();
      }
      api.createNamespace(FLOOR_NAMESPACE);
      SparkFleet fleet = new SparkFleet(client);
      fleet.populate(namespaces, settings.apps(), settings.pods(), pool, progress);
      int needed = settings.warmup() + settings.failures();
      if (fleet.running().size() < needed) {
        throw new IllegalStateException(
            "only " + fleet.running().size() + " running applications for " + needed + " failures");
      }
      List<SparkFleet.App> floorApps = new ArrayList<>();
      for (int i = 0; i < needed; i++) {
        floorApps.add(fleet.floorApp(FLOOR_NAMESPACE, String.format(Locale.ROOT, "floor-%04d", i)));
      }
      report.populateSeconds = (System.nanoTime() - populating) / 1e9;
      report.apps = fleet.applications();
      report.pods = fleet.pods();
      report.nodes = fleet.nodes();
      report.podJsonBytes = fleet.executorPodJsonBytes(true);
      report.podJsonBytesLean = fleet.executorPodJsonBytes(false);
      progress.accept(
          String.format(
              Locale.ROOT,
              "populated %d applications, %d pods, %d nodes (+%d floor applications) in %.0fs",
              report.apps,
              report.pods,
              report.nodes,
              floorApps.size(),
              report.populateSeconds));

      Path kubeconfig = api.writeKubeconfig(work);
      // The mock serves plain HTTP, where the JDK client would try an h2c upgrade that the mock
      // garbles for multi-MiB list responses ("Frame ... exceeds MAX_FRAME_SIZE"); a real API
      // server negotiates HTTP/2 over TLS instead. Plain HTTP/1.1 keeps the comparison about the
      // operator, for it and for the floor alike. fabric8 7.5 reads the setting as
      // HTTP2_DISABLE (its documented KUBERNETES_HTTP2_DISABLE is set too, for other versions).
      Map<String, String> env =
          Map.of(
              "KUBECONFIG",
              kubeconfig.toString(),
              "HTTP2_DISABLE",
              "true",
              "KUBERNETES_HTTP2_DISABLE",
              "true");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      JvmProcess floor =
          JvmProcess.startPiped(
              List.of(
                  java,
                  "-Xmx" + settings.heap(),
                  "-cp",
                  ownJar(),
                  FloorClient.class.getName(),
                  FLOOR_NAMESPACE),
              env,
              work.resolve("floor.log"));
      children.add(floor);
      awaitFloorReady(floor);
      List<String> heaps = new ArrayList<>(List.of(settings.heap()));
      if (settings.fallbackHeap() != null && !settings.fallbackHeap().equals(settings.heap())) {
        heaps.add(settings.fallbackHeap());
      }
      for (String heap : heaps) {
        JvmProcess operator = startOperator(java, heap, namespaces, env, work, report);
        children.add(operator);
        try {
          String failure = awaitReady(operator, report);
          if (failure != null) {
            report.failedStarts.add("-Xmx" + heap + ": " + failure);
            progress.accept("the operator did not start with -Xmx" + heap + ": " + failure);
            continue;
          }
          report.heap = heap;
          measure(api, fleet, floorApps, operator, pool, report, namespaces);
          break;
        } finally {
          operator.close();
          children.remove(operator);
        }
      }
      floor.close();
      children.remove(floor);
    } finally {
      pool.shutdownNow();
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
    return report.markdown(settings);
  }

  private JvmProcess startOperator(
      String java,
      String heap,
      List<String> namespaces,
      Map<String, String> env,
      Path work,
      Report report)
      throws IOException {
    report.healthPort = freePort();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
    if (Files.isRegularFile(settings.operatorJar())) {
      command.addAll(List.of("-jar", settings.operatorJar().toString()));
      report.operatorJar = settings.operatorJar().toString();
    } else {
      command.addAll(List.of("-cp", ownJar(), "io.sparkmedic.operator.cli.Main"));
      report.operatorJar = ownJar() + " (operator classes)";
    }
    command.addAll(
        List.of(
            "run",
            "--health-port",
            Integer.toString(report.healthPort),
            "--namespaces",
            String.join(",", namespaces)));
    report.startNanos = System.nanoTime();
    return JvmProcess.start(command, env, work.resolve("operator-" + heap + ".log"));
  }

  /**
   * Waits for the operator's /readyz and then its /healthz (every informer synced and healthy: an
   * informer that missed JOSDK's 2-minute start deadline keeps retrying, and reports here); returns
   * why it did not get there (it died, ran out of heap, or took longer than 10 minutes), or null.
   */
  private String awaitReady(JvmProcess operator, Report report) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    boolean ready = false;
    while (!ready || operator.get(report.healthPort, "/healthz") == null) {
      if (!ready && operator.get(report.healthPort, "/readyz") != null) {
        ready = true;
        report.readySeconds = (System.nanoTime() - report.startNanos) / 1e9;
        continue;
      }
      if (!operator.alive()) {
        return "exited with code " + operator.process().exitValue();
      }
      String log = Files.readString(operator.log(), StandardCharsets.UTF_8);
      if (log.contains("OutOfMemoryError")) {
        return "java.lang.OutOfMemoryError: Java heap space while filling its caches ("
            + log.lines().filter(l -> l.contains("OutOfMemoryError")).count()
            + " lines of its log)";
      }
      if (System.nanoTime() > deadline) {
        return ready
            ? "ready, but not every informer healthy after 10 minutes (/healthz: "
                + operator.getAny(report.healthPort, "/healthz")
                + ")"
            : "not ready after 10 minutes";
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
    }
    report.healthySeconds = (System.nanoTime() - report.startNanos) / 1e9;
    return null;
  }

  private void measure(
      ScaleApiServer api,
      SparkFleet fleet,
      List<SparkFleet.App> floorApps,
      JvmProcess operator,
      ExecutorService pool,
      Report report,
      List<String> namespaces)
      throws Exception {
    KubernetesClient client = api.client();
    int healthPort = report.healthPort;
    awaitQuiet(operator, healthPort);
    report.settledSeconds = (System.nanoTime() - report.startNanos) / 1e9;
    report.heapIdleMiB = operator.heapAfterGcMiB();
    progress.accept(
        String.format(
            Locale.ROOT,
            "operator ready in %.1fs, settled in %.1fs; heap after GC %.1f MiB",
            report.readySeconds,
            report.settledSeconds,
            report.heapIdleMiB));
    double idleCpu0 = operator.cpuSeconds();
    long idle0 = System.nanoTime();
    parkFor(10);
    report.idleCpuPerSecond =
        (operator.cpuSeconds() - idleCpu0) / ((System.nanoTime() - idle0) / 1e9);

    Map<String, SparkFleet.App> byKey = new ConcurrentHashMap<>();
    fleet.running().forEach(a -> byKey.put(a.key(), a));
    AtomicInteger restarted = new AtomicInteger();
    try (ReactionWatch watch =
        new ReactionWatch(
            client,
            (key, app) -> {
              SparkFleet.App a = byKey.get(key);
              if (a != null) {
                pool.submit(
                    () -> {
                      fleet.restart(a, app);
                      restarted.incrementAndGet();
                    });
              }
            })) {
      List<SparkFleet.App> operatorApps = new ArrayList<>(fleet.running());
      Collections.shuffle(operatorApps, fleet.random());
      stream(fleet, watch, pool, operatorApps, floorApps, 0, settings.warmup());
      int warm = settings.warmup();
      awaitOrFail(
          "the warm-up reactions",
          120,
          () -> watch.reacted(OPERATOR) >= warm && watch.reacted(FLOOR) >= warm,
          operator);
      watch.drain(OPERATOR);
      watch.drain(FLOOR);
      awaitQuiet(operator, healthPort);

      String before = operator.get(healthPort, "/metrics");
      double cpu0 = operator.cpuSeconds();
      long requests0 = api.requests();
      Map<String, Long> reads0 = api.reads();
      long t0 = System.nanoTime();
      progress.accept(
          String.format(
              Locale.ROOT,
              "failing %d applications at %.1f/s (and as many floor applications)",
              settings.failures(),
              settings.rate()));
      report.peakHeapMiB =
          stream(
              fleet,
              watch,
              pool,
              operatorApps,
              floorApps,
              settings.warmup(),
              settings.failures(),
              operator,
              healthPort);
      int all = warm + settings.failures();
      awaitOrFail(
          "the reactions",
          180,
          () -> watch.reacted(OPERATOR) >= all && watch.reacted(FLOOR) >= all,
          operator);
      awaitQuiet(operator, healthPort);
      double seconds = (System.nanoTime() - t0) / 1e9;
      String after = operator.get(healthPort, "/metrics");
      report.cpuSeconds = operator.cpuSeconds() - cpu0;
      report.windowSeconds = seconds;
      report.serverRequestsPerSecond = (api.requests() - requests0) / seconds;
      Map<String, Long> reads1 = api.reads();
      reads1.forEach((k, v) -> report.reads.put(k, v - reads0.getOrDefault(k, 0L)));
      report.operatorLatencies = watch.drain(OPERATOR);
      report.floorLatencies = watch.drain(FLOOR);
      report.requestsByVerb = delta(before, after);
      report.heapAfterMiB = operator.heapAfterGcMiB();
      report.operatorAlive = operator.alive();
      report.records = records(client, namespaces);
      report.restarted = restarted.get();
      String log = Files.readString(operator.log(), StandardCharsets.UTF_8);
      report.operatorErrors =
          (int)
              log.lines()
                  .filter(l -> l.contains(" ERROR ") || l.contains("OutOfMemoryError"))
                  .count();
    }
  }

  /** A policy selecting every application of the namespace, acting at once (backoff 0). */
  private static TuningPolicy policy(String namespace) {
    TuningPolicy p = new TuningPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName("batch").withNamespace(namespace).build());
    TuningPolicySpec spec = new TuningPolicySpec();
    spec.setSelector(new LabelSelector());
    TuningPolicySpec.Backoff backoff = new TuningPolicySpec.Backoff();
    backoff.setInitialSeconds(0);
    spec.setBackoff(backoff);
    p.setSpec(spec);
    return p;
  }

  private void stream(
      SparkFleet fleet,
      ReactionWatch watch,
      ExecutorService pool,
      List<SparkFleet.App> operatorApps,
      List<SparkFleet.App> floorApps,
      int from,
      int count)
      throws IOException {
    stream(fleet, watch, pool, operatorApps, floorApps, from, count, null, -1);
  }

  /**
   * Fails {@code count} applications of each series at the set rate, the floor's half a period
   * after the operator's; returns the largest heap the operator reported meanwhile (MiB, with
   * garbage), when {@code operator} is given.
   */
  private double stream(
      SparkFleet fleet,
      ReactionWatch watch,
      ExecutorService pool,
      List<SparkFleet.App> operatorApps,
      List<SparkFleet.App> floorApps,
      int from,
      int count,
      JvmProcess operator,
      int healthPort)
      throws IOException {
    long period = (long) (1e9 / settings.rate());
    long start = System.nanoTime();
    double peak = 0;
    long nextSample = start;
    for (int i = 0; i < count; i++) {
      SparkFleet.App app = operatorApps.get(from + i);
      SparkFleet.App floorApp = floorApps.get(from + i);
      parkUntil(start + i * period);
      pool.submit(
          () ->
              fleet.fail(
                  app,
                  () ->
                      watch.expect(
                          app.key(),
                          OPERATOR,
                          a ->
                              a.getMetadata().getAnnotations() != null
                                  && a.getMetadata()
                                      .getAnnotations()
                                      .containsKey(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION))));
      parkUntil(start + i * period + period / 2);
      String run = floorApp.submission.submissionId();
      pool.submit(
          () ->
              fleet.failFloor(
                  floorApp,
                  () ->
                      watch.expect(
                          floorApp.key(),
                          FLOOR,
                          a ->
                              a.getMetadata().getAnnotations() != null
                                  && run.equals(
                                      a.getMetadata()
                                          .getAnnotations()
                                          .get(FloorClient.ANNOTATION)))));
      if (operator != null && System.nanoTime() >= nextSample) {
        nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        String metrics = operator.get(healthPort, "/metrics");
        double heap =
            PrometheusText.samples(metrics, "jvm_memory_used_bytes").entrySet().stream()
                .filter(e -> e.getKey().contains("area=\"heap\""))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        peak = Math.max(peak, heap / (1024 * 1024));
      }
    }
    return peak;
  }

  private static Map<String, Double> delta(String before, String after) {
    Map<String, Double> b = byVerb(before);
    Map<String, Double> a = byVerb(after);
    Map<String, Double> d = new TreeMap<>();
    a.forEach((verb, n) -> d.put(verb, n - b.getOrDefault(verb, 0.0)));
    return d;
  }

  private static Map<String, Double> byVerb(String metrics) {
    Map<String, Double> out = new TreeMap<>();
    PrometheusText.samples(metrics, "sparkmedic_api_requests_total")
        .forEach(
            (labels, n) -> {
              String verb = labels.replaceAll(".*verb=\"([^\"]*)\".*", "$1");
              out.merge(verb, n, Double::sum);
            });
    return out;
  }

  private static Map<String, Long> records(KubernetesClient client, List<String> namespaces) {
    Map<String, Long> out = new TreeMap<>();
    for (String ns : namespaces) {
      for (SparkRemediation r :
          client.resources(SparkRemediation.class).inNamespace(ns).list().getItems()) {
        String key =
            r.getSpec().getDiagnosis().getCategory()
                + " → "
                + r.getSpec().getDecision()
                + "/"
                + (r.getStatus() == null ? "-" : r.getStatus().getOutcome());
        out.merge(key, 1L, Long::sum);
      }
    }
    return out;
  }

  private void awaitFloorReady(JvmProcess floor) throws IOException {
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(floor.process().getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the floor client prints, or exits
    if (line == null || !line.startsWith("ready")) {
      throw new IllegalStateException(
          "the floor client did not start; see " + floor.log() + ": " + line);
    }
  }

  /**
   * Waits until the operator's API requests stop growing for 3 s (its caches filled, its follow-ups
   * done), at most 180 s.
   */
  private void awaitQuiet(JvmProcess operator, int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    double last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      double now =
          PrometheusText.sum(operator.get(port, "/metrics"), "sparkmedic_api_requests_total");
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
    }
    progress.accept("the operator did not go quiet within 180s; measuring anyway");
  }

  private static void awaitOrFail(
      String what, int seconds, BooleanSupplier condition, JvmProcess process) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (!process.alive()) {
        throw new IllegalStateException(
            "the process exited while waiting for " + what + "; see " + process.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "gave up waiting for " + what + " after " + seconds + "s; see " + process.log());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static void parkFor(int seconds) {
    parkUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
  }

  private static void parkUntil(long nanos) {
    for (long left; (left = nanos - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String ownJar() {
    try {
      return Path.of(ScaleRun.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a run measured, and its Markdown. */
  private static final class Report {
    String machine;
    String operatorJar;
    String heap;
    int healthPort;
    long startNanos;
    int podJsonBytes;
    int podJsonBytesLean;
    final List<String> failedStarts = new ArrayList<>();
    final Map<String, Long> reads = new TreeMap<>();
    int apps;
    int pods;
    int nodes;
    double populateSeconds;
    double readySeconds;
    double healthySeconds;
    double settledSeconds;
    double heapIdleMiB;
    double heapAfterMiB;
    double peakHeapMiB;
    double idleCpuPerSecond;
    double cpuSeconds;
    double windowSeconds;
    double serverRequestsPerSecond;
    boolean operatorAlive;
    int operatorErrors;
    int restarted;
    List<Double> operatorLatencies = List.of();
    List<Double> floorLatencies = List.of();
    Map<String, Double> requestsByVerb = Map.of();
    Map<String, Long> records = Map.of();

    String markdown(Settings s) {
      StringBuilder md = new StringBuilder();
      md.append(
          String.format(
              Locale.ROOT,
              "Scale: %d SparkApplications (half running, half completed) and %d pods (%.1f KiB of"
                  + " JSON per executor pod, %.1f KiB without managedFields) over %d namespaces,"
                  + " %d nodes; %d failures at %.1f/s for the operator and as many for the floor,"
                  + " after %d of each to warm up. Operator: `%s`. Populating the API server took"
                  + " %.0f s. %s. Machine: %s.%n%n",
              apps,
              pods,
              podJsonBytes / 1024.0,
              podJsonBytesLean / 1024.0,
              s.namespaces(),
              nodes,
              s.failures(),
              s.rate(),
              s.warmup(),
              operatorJar,
              populateSeconds,
              Instant.now().truncatedTo(ChronoUnit.SECONDS),
              machine));
      for (String failed : failedStarts) {
        md.append("**The operator did not start with ").append(failed).append(".**\n\n");
      }
      if (heap == null) {
        md.append("Nothing was measured: the operator started with no heap tried.\n");
        return md.toString();
      }
      if (!failedStarts.isEmpty()) {
        md.append("Measured below with `-Xmx").append(heap).append("`.\n\n");
      }
      int remediations = operatorLatencies.size();
      double requests = requestsByVerb.values().stream().mapToDouble(Double::doubleValue).sum();
      double p50 = ReactionWatch.percentile(operatorLatencies, 50);
      double p99 = ReactionWatch.percentile(operatorLatencies, 99);
      double f50 = ReactionWatch.percentile(floorLatencies, 50);
      double f99 = ReactionWatch.percentile(floorLatencies, 99);
      md.append(
          "| reaction (FAILED written → patch seen) | n | p50 ms | p90 ms | p99 ms | max ms |\n");
      md.append("|---|---|---|---|---|---|\n");
      md.append(latencyRow("Sparkmedic", operatorLatencies));
      md.append(latencyRow("floor: bare watch + one JSON patch", floorLatencies));
      md.append(
          String.format(
              Locale.ROOT,
              "| **ratio to the floor** | | **%.1f×** | | **%.1f×** | |%n%n",
              p50 / f50,
              p99 / f99));
      md.append("| footprint | value |\n|---|---|\n");
      md.append(
          String.format(
              Locale.ROOT,
              "| heap after full GC, caches filled, idle | **%.1f MiB** |%n"
                  + "| heap after full GC, after the stream | **%.1f MiB** |%n"
                  + "| largest heap in use during the stream (with garbage) | %.1f MiB |%n"
                  + "| operator alive at the end, `-Xmx%s` | %s |%n"
                  + "| CPU per remediation (stream window, idle rate subtracted) | **%.1f ms** |%n"
                  + "| CPU, gross, stream window | %.2f s over %.1f s (idle rate %.3f CPU-s/s) |%n"
                  + "| API requests per remediation | **%.1f** (%s) |%n"
                  + "| GETs the API server served in the window, all clients | %s |%n"
                  + "| start → /readyz, → /healthz (all informers), → quiet | %.1f s, %.1f s, %.1f s |%n"
                  + "| API server load during the stream | %.0f requests/s |%n"
                  + "| records written | %s |%n"
                  + "| restarts played (as the Spark operator) | %d |%n"
                  + "| ERROR lines in the operator's log | %d |%n",
              heapIdleMiB,
              heapAfterMiB,
              peakHeapMiB,
              heap,
              operatorAlive ? "yes" : "**no**",
              remediations == 0
                  ? Double.NaN
                  : 1000 * (cpuSeconds - idleCpuPerSecond * windowSeconds) / remediations,
              cpuSeconds,
              windowSeconds,
              idleCpuPerSecond,
              remediations == 0 ? Double.NaN : requests / remediations,
              requestsByVerb.entrySet().stream()
                  .filter(e -> e.getValue() > 0)
                  .map(
                      e ->
                          String.format(
                              Locale.ROOT,
                              "%s %.1f",
                              e.getKey(),
                              e.getValue() / Math.max(1, remediations)))
                  .collect(Collectors.joining(", ")),
              reads.entrySet().stream()
                  .filter(e -> e.getValue() > 0)
                  .map(e -> e.getKey() + " " + e.getValue())
                  .collect(Collectors.joining(", ")),
              readySeconds,
              healthySeconds,
              settledSeconds,
              serverRequestsPerSecond,
              records.entrySet().stream()
                  .map(e -> e.getValue() + "× " + e.getKey())
                  .collect(Collectors.joining("; ")),
              restarted,
              operatorErrors));
      return md.toString();
    }

    private static String latencyRow(String name, List<Double> sorted) {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n",
          name,
          sorted.size(),
          ReactionWatch.percentile(sorted, 50),
          ReactionWatch.percentile(sorted, 90),
          ReactionWatch.percentile(sorted, 99),
          sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    }
  }
}
