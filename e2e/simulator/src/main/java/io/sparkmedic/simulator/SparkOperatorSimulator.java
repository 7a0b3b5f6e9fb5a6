package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.crds.spark.SparkApplication;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the Kubeflow Spark operator and the Spark jobs it runs, against any Kubernetes API
 * (the fabric8 mock server in CRUD mode in tests and the demo, a real cluster later).
 *
 * <p>It watches {@code SparkApplication}s and drives each through KF's state machine (research:
 * /work/shared/research/spark-operators.md §1 and §3): it writes {@code status} through the status
 * subresource exactly as KF does, and creates the driver and executor pods Spark would create (§2:
 * names, labels, container names, owner references). Whether a run succeeds depends on the job's
 * hidden {@link JobTruth}: memory below what the job needs makes the driver or the executors fail
 * with the exit codes and reasons the kubelet reports (§6), part-way through the run; spot
 * interruptions, S3 throttling and code bugs fail it the way they look on EKS with Karpenter.
 *
 * <p>Pods run on Node objects the simulator creates ({@link SimulatedNodes}): executors on spot and
 * drivers on on-demand capacity unless the spec requires otherwise ({@link Placement}, {@link
 * SimulatorOptions}). A failed driver's log tail is its container's {@code
 * state.terminated.message} ({@link DriverLogs}), since the mock API server cannot serve {@code
 * pods/log}.
 *
 * <p>Each run executes a Spark job (a sort-merge join) planned task by task on its executors; a
 * truth's data skew ({@link JobTruth#skew()}) puts a hot partition in its join that runs the
 * executor out of heap unless AQE's skew join splits it or the heap is large enough. When an
 * application's sparkConf has {@code spark.eventLog.enabled=true} and {@code spark.eventLog.dir}
 * names a local directory ({@code file:///path}, {@code file:/path} or an absolute path, standing
 * in for a PVC or EFS mount), every run writes the event log Spark 3.5 would write there: {@code
 * <sparkApplicationId>.inprogress} while it runs, renamed to {@code <sparkApplicationId>} when it
 * ends (left in progress when the driver is killed), real {@code JsonProtocol} events with the
 * job's stages and tasks and, when it fails, the failure as Spark records it.
 *
 * <p>What it does not model: Spark's replacement executors after a loss, task retries on other
 * executors, dynamic allocation, suspend/resume, the web UI service and ingress, batch schedulers,
 * the Spark operator's own events, NodeClaims, {@code timeToLiveSeconds}, PySpark and off-heap
 * memory.
 *
 * <p>All applications advance on one scheduler thread every {@link SimulatorOptions#tick()}; time
 * inside the simulation runs {@link SimulatorOptions#timeScale()} times faster than real time.
 */
public final class SparkOperatorSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SparkOperatorSimulator.class);

  /** The truth of applications nobody called {@link #expect} for. */
  public static final JobTruth DEFAULT_TRUTH = JobTruth.healthy(Duration.ofSeconds(2));

  static final int MAX_HISTORY_LINES = 1000;

  /** Every this many ticks, bindings of pods deleted behind the simulator's back are released. */
  static final int SWEEP_TICKS = 50;

  private static final Duration CRD_READY_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final SimulatorOptions options;
  private final SimClock clock;
  private final Env env;
  private final Map<String, JobTruth> truths = new ConcurrentHashMap<>();
  private final Map<String, Env.FaultCounters> faults = new ConcurrentHashMap<>();
  private final SimulatedNodes nodes;
  private final Map<String, List<String>> histories = new ConcurrentHashMap<>();
  private final Queue<SparkApplication> deleted = new ConcurrentLinkedQueue<>();
  private final AtomicLong ticks = new AtomicLong();

  /** Only the scheduler thread touches it. */
  private final Map<String, SimulatedRun> runs = new HashMap<>();

  private final Object lifecycle = new Object();
  private SharedIndexInformer<SparkApplication> appInformer;
  private SharedIndexInformer<Pod> podInformer;
  private ScheduledExecutorService scheduler;
  private boolean started;
  private boolean closed;

  public SparkOperatorSimulator(KubernetesClient client, SimulatorOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = options == null ? SimulatorOptions.defaults() : options;
    this.clock = new SimClock(this.options.timeScale());
    this.nodes = new SimulatedNodes(client);
    this.env =
        new Env(
            client,
            clock,
            this.options,
            key -> truths.getOrDefault(key, DEFAULT_TRUTH),
            key -> faults.computeIfAbsent(key, k -> new Env.FaultCounters()),
            this::record,
            this::cachedPod,
            nodes);
  }

  /**
   * Installs the SparkApplication CRD if absent, starts informers on SparkApplications and on the
   * pods the simulated operator launches ({@code options.namespace()} or all namespaces), and the
   * scheduler thread. Idempotent.
   */
  public void start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("simulator is closed");
      }
      if (started) {
        return;
      }
      installCrd();
      var appResources = client.resources(SparkApplication.class);
      appInformer =
          (options.namespace() == null
                  ? appResources.inAnyNamespace()
                  : appResources.inNamespace(options.namespace()))
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(SparkApplication app) {}

                    @Override
                    public void onUpdate(SparkApplication oldApp, SparkApplication newApp) {}

                    @Override
                    public void onDelete(SparkApplication app, boolean finalStateUnknown) {
                      deleted.add(app);
                    }
                  },
                  0);
      var podResources = client.pods();
      podInformer =
          (options.namespace() == null
                  ? podResources.inAnyNamespace()
                  : podResources.inNamespace(options.namespace()))
              .withLabel(SparkApplication.LAUNCHED_BY_LABEL, "true")
              .inform();
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "sparkmedic-simulator");
                thread.setDaemon(true);
                return thread;
              });
      long tickNanos = options.tick().toNanos();
      scheduler.scheduleWithFixedDelay(this::tick, 0, tickNanos, TimeUnit.NANOSECONDS);
      started = true;
      LOG.info(
          "Spark operator simulator started (namespace {}, tick {}, time scale {})",
          options.namespace() == null ? "<all>" : options.namespace(),
          options.tick(),
          options.timeScale());
    }
  }

  /** Stops the informers and the scheduler; pods and statuses stay as they are. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (scheduler != null) {
        scheduler.shutdownNow();
        try {
          if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("simulator scheduler did not stop within 10s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (appInformer != null) {
        appInformer.close();
      }
      if (podInformer != null) {
        podInformer.close();
      }
    }
  }

  /**
   * Sets the hidden truth of a job. It is read every tick while the job runs, so call it before
   * creating the application (or at least before it starts running) to be sure the first run obeys
   * it. Applications without one use {@link #DEFAULT_TRUTH}. A truth different from the one set
   * before starts the count of its spot interruptions and transient failures afresh.
   */
  public void expect(String namespace, String name, JobTruth truth) {
    String key = key(namespace, name);
    JobTruth previous = truths.put(key, Objects.requireNonNull(truth, "truth"));
    if (!truth.equals(previous)) {
      faults.remove(key);
    }
  }

  /**
   * Human-readable lines of what the simulator did to this application, oldest first (at most the
   * last {@value #MAX_HISTORY_LINES}); kept after the application is deleted.
   */
  public List<String> history(String namespace, String name) {
    List<String> lines = histories.get(key(namespace, name));
    if (lines == null) {
      return List.of();
    }
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** How many ticks the scheduler has completed; lets tests wait for "nothing happened". */
  long ticks() {
    return ticks.get();
  }

  // ---- the scheduler ----

  private void tick() {
    try {
      reapDeleted();
      Set<String> present = new HashSet<>();
      for (SparkApplication app : appInformer.getStore().list()) {
        String key = key(app.getMetadata().getNamespace(), app.getMetadata().getName());
        present.add(key);
        advance(key, app);
      }
      // Deletions the informer reported late, or not at all.
      for (String key : new ArrayList<>(runs.keySet())) {
        if (!present.contains(key)) {
          forget(runs.remove(key));
        }
      }
      if (ticks.get() % SWEEP_TICKS == SWEEP_TICKS - 1) {
        nodes.sweep(this::boundTo);
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // Never let an exception cancel the periodic task.
      LOG.error("simulator tick failed", e);
    } finally {
      ticks.incrementAndGet();
    }
  }

  private void reapDeleted() {
    for (SparkApplication app; (app = deleted.poll()) != null; ) {
      String key = key(app.getMetadata().getNamespace(), app.getMetadata().getName());
      SimulatedRun run = runs.get(key);
      if (run != null && run.uid.equals(app.getMetadata().getUid())) {
        forget(runs.remove(key));
      }
    }
  }

  private void advance(String key, SparkApplication app) {
    if (app.getMetadata().getDeletionTimestamp() != null) {
      return; // going away; KF only cleans up, which onDeleted does
    }
    SimulatedRun run = runs.get(key);
    try {
      if (run != null && !run.uid.equals(app.getMetadata().getUid())) {
        forget(runs.remove(key)); // deleted and re-created between two ticks
        run = null;
      }
      if (run == null) {
        run = new SimulatedRun(env, app);
        runs.put(key, run);
      }
      run.advance(app);
    } catch (SimulatedRun.AppGoneException e) {
      LOG.debug("{}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("simulating SparkApplication {} failed; will retry next tick", key, e);
      recordOnce(key, "simulator error (will retry): " + e);
    }
  }

  private void forget(SimulatedRun run) {
    if (run == null) {
      return;
    }
    try {
      run.onDeleted();
    } catch (RuntimeException e) {
      LOG.warn("cleaning up after deleted SparkApplication {} failed", run.key, e);
    }
  }

  // ---- helpers ----

  private void installCrd() {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    if (crds.withName(SparkApplicationCrd.NAME).get() == null) {
      try {
        CustomResourceDefinition created = crds.resource(SparkApplicationCrd.definition()).create();
        LOG.info("installed CRD {}", created.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    awaitCrdServed();
  }

  /** A real API server serves a new CRD only once it is established; the mock does at once. */
  private void awaitCrdServed() {
    long deadline = System.nanoTime() + CRD_READY_TIMEOUT.toNanos();
    while (true) {
      try {
        var resources = client.resources(SparkApplication.class);
        (options.namespace() == null
                ? resources.inAnyNamespace()
                : resources.inNamespace(options.namespace()))
            .list();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the CRD", e);
      }
    }
  }

  /**
   * Whether a pod exists on a node: the informer's copy when it agrees, else the server's (the
   * cache may lag a delete, or still hold the previous pod of the same name).
   */
  private boolean boundTo(String namespacedName, String node) {
    Pod cached = cachedPod(namespacedName);
    if (cached != null && cached.getSpec() != null && node.equals(cached.getSpec().getNodeName())) {
      return true;
    }
    int slash = namespacedName.indexOf('/');
    Pod live =
        client
            .pods()
            .inNamespace(namespacedName.substring(0, slash))
            .withName(namespacedName.substring(slash + 1))
            .get();
    return live != null && live.getSpec() != null && node.equals(live.getSpec().getNodeName());
  }

  private Pod cachedPod(String namespacedName) {
    SharedIndexInformer<Pod> informer = podInformer;
    return informer == null ? null : informer.getStore().getByKey(namespacedName);
  }

  private void record(String key, String line) {
    LOG.info("{}: {}", key, line);
    List<String> lines = histories.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (lines) {
      lines.add(line);
      if (lines.size() > MAX_HISTORY_LINES) {
        lines.subList(0, lines.size() - MAX_HISTORY_LINES).clear();
      }
    }
  }

  /** Appends a line unless it repeats the last one (a persistent error fails every tick). */
  private void recordOnce(String key, String line) {
    List<String> lines = histories.get(key);
    if (lines != null) {
      synchronized (lines) {
        if (!lines.isEmpty() && lines.get(lines.size() - 1).equals(line)) {
          return;
        }
      }
    }
    record(key, line);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
