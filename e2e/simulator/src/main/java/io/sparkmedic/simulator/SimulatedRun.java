package io.sparkmedic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.crds.spark.SparkApplicationStatus.ApplicationState;
import io.sparkmedic.crds.spark.SparkApplicationStatus.DriverInfo;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The simulated Kubeflow Spark operator's view of one {@code SparkApplication} (one uid): the state
 * machine of KF's {@code internal/controller/sparkapplication/controller.go} (research:
 * spark-operators.md §1 "All state values", §3) with Spark's pods failing the way §6 describes.
 *
 * <p>The simulator keeps its own stage instead of reading the state back from the informer cache,
 * which may lag the simulator's own writes. Every status write re-reads the object and changes only
 * the fields it owns, so fields it does not know survive.
 *
 * <pre>
 * "" → SUBMITTED → RUNNING ─(job fits, after runtime)──────────→ SUCCEEDING → COMPLETED
 *                     │ (code bug, at 10% of runtime): driver exit 1 ─→ FAILING → FAILED
 *                     │ (heap/overhead need not met, at 30% of runtime)
 *                     ├─ driver: exit 52 Error | 137 OOMKilled ─→ FAILING → FAILED
 *                     ├─ executors: exit 52 | 137, deleted a tick later; driver exit 1 → FAILING
 *                     │ (spot interruption due, a pod on spot, at 30%)
 *                     ├─ RECLAIMING: node tainted, Karpenter Events, pods DisruptionTarget
 *                     │  → its pods exit 143 → RECLAIMED: pods and node deleted;
 *                     │    driver exit 1 (or, reclaimed itself, 143) → FAILING
 *                     │ (skewed join partition not split, heap below its need, at ~50%)
 *                     ├─ its executor: exit 52, deleted a tick later; driver exit 1 → FAILING
 *                     │ (transient failure due, at 50%)
 *                     └─ executors exit 0, deleted; driver exit 1 → FAILING
 * FAILING ─(restartPolicy allows, after interval × submissionAttempts)→ PENDING_RERUN → SUBMITTED
 * any ─(spec generation grew)→ INVALIDATING → (pods deleted, counters zeroed) PENDING_RERUN → ...
 * spark-submit rejects the spec → SUBMISSION_FAILED → FAILED
 * </pre>
 *
 * Each run executes a {@link SparkJobPlan}, planned when its driver starts; with event logging to a
 * local directory, the run writes Spark's event log there as it goes ({@link SparkEventLog}).
 * Faults are logged at their nominal point of the runtime (10%, 30%, the hot partition's failure,
 * 50%), whatever the tick.
 *
 * <p>Only the scheduler thread calls it.
 */
final class SimulatedRun {

  enum Stage {
    NEW,
    SUBMITTED,
    RUNNING,
    EXECUTORS_FAILED,
    RECLAIMING,
    RECLAIMED,
    FAILING,
    SUCCEEDING,
    SUBMISSION_FAILED,
    INVALIDATING,
    PENDING_RERUN,
    DONE
  }

  /** A failing job dies this far into its runtime, so it ends sooner than a healthy one. */
  static final double FAILURE_POINT = 0.3;

  /** A spot node is reclaimed this far into the runtime (after a memory failure would strike). */
  static final double INTERRUPTION_POINT = 0.3;

  /** S3 throttles the job this far into its runtime. */
  static final double TRANSIENT_POINT = 0.5;

  /** A code bug strikes this early. */
  static final double CODE_BUG_POINT = 0.1;

  /** Planned runtimes are capped (a "forever" runtime still gets timestamps that fit a long). */
  static final long MAX_PLANNED_RUNTIME_MS = 100L * 24 * 3600 * 1000;

  /** Executors of one submission share a node up to this many; more take two nodes. */
  static final int EXECUTORS_PER_NODE = 4;

  /** KF's default for both retry intervals when the restart policy is not {@code Never}. */
  static final long DEFAULT_RETRY_INTERVAL_SECONDS = 5;

  static final String DRIVER_NOT_FOUND = "driver pod not found";

  /** Thrown when the application was deleted (or replaced by one with another uid). */
  static final class AppGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AppGoneException(String key) {
      super("SparkApplication " + key + " is gone");
    }
  }

  /** Why a run fails, decided from the submitted memory and the job's truth. */
  record Failure(boolean driver, int exitCode, String reason, String detail) {

    static Failure of(SubmittedSpec spec, JobTruth truth) {
      SparkMemory.Role d = spec.driver();
      SparkMemory.Role e = spec.executor();
      if (d.heapMiB() < truth.driverHeapNeedMiB()) {
        return new Failure(
            true,
            52,
            "Error",
            "driver JVM OOM (52): heap needs "
                + truth.driverHeapNeedMiB()
                + "m, spark.driver.memory "
                + d.heapMiB()
                + "m");
      }
      if (d.overheadMiB() < truth.driverOverheadNeedMiB()) {
        return new Failure(
            true,
            137,
            "OOMKilled",
            "driver OOMKilled (137): needs "
                + (d.heapMiB() + truth.driverOverheadNeedMiB())
                + "m, container limit "
                + d.containerMiB()
                + "m");
      }
      if (e.heapMiB() < truth.executorHeapNeedMiB()) {
        return new Failure(
            false,
            52,
            "Error",
            "JVM OOM (52): heap needs "
                + truth.executorHeapNeedMiB()
                + "m, spark.executor.memory "
                + e.heapMiB()
                + "m");
      }
      if (e.overheadMiB() < truth.executorOverheadNeedMiB()) {
        return new Failure(
            false,
            137,
            "OOMKilled",
            "OOMKilled (137): needs "
                + (e.heapMiB() + truth.executorOverheadNeedMiB())
                + "m, container limit "
                + e.containerMiB()
                + "m");
      }
      return null;
    }
  }

  /** A pod of the current submission and where it runs. */
  record PlacedPod(String role, int executorId, SimulatedNodes.SimNode node, String ip) {}

  private final Env env;
  final String namespace;
  final String name;
  final String uid;
  final String key;

  private Stage stage;
  private String state;
  private Long submittedGeneration;
  private JsonNode submittedFingerprint;
  private Submission submission;
  private String driverUid;
  private final List<String> executorPods = new ArrayList<>();
  private int submissionAttempts;
  private int executionAttempts;
  private long lastSubmissionMillis;
  private long runningSinceMillis;
  private String runningSinceTimestamp;
  private String errorMessage;
  private String invalidationReason = "spec changed";
  private Instant runningSince;

  /** The current submission's pods by name, in creation order. */
  private final Map<String, PlacedPod> placed = new LinkedHashMap<>();

  /** Spot nodes being reclaimed, their pods, and whether the driver is one of them. */
  private final List<SimulatedNodes.SimNode> reclaiming = new ArrayList<>();

  private final List<String> reclaimedPods = new ArrayList<>();
  private boolean driverReclaimed;
  private String evictedAt;

  /** Executors that died, as the driver's log describes them. */
  private List<DriverLogs.Executor> lostExecutors = List.of();

  private Failure lostFailure;

  /** The executor pods that died of {@link #lostFailure}. */
  private final List<String> failedExecutorPods = new ArrayList<>();

  /** The task the driver's log names for {@link #lostFailure}, or null for its default. */
  private DriverLogs.FailedTask lostTask;

  /** The Spark job of the current run, planned when its driver started. */
  private SparkJobPlan jobPlan;

  /** The current run's Spark event log (one that writes nothing when logging is off). */
  private SparkEventLog eventLog = SparkEventLog.none();

  /** When the fault ending the current run struck, in simulated ms since it started running. */
  private long faultAtMillis;

  SimulatedRun(Env env, SparkApplication app) {
    this.env = env;
    this.namespace = app.getMetadata().getNamespace();
    this.name = app.getMetadata().getName();
    this.uid = app.getMetadata().getUid();
    this.key = namespace + "/" + name;
    SparkApplicationStatus status = app.getStatus();
    this.state = status == null ? ApplicationStates.NEW : status.state();
    if (ApplicationStates.NEW.equals(state)) {
      stage = Stage.NEW;
      return;
    }
    // Left by an earlier simulator (or operator): take over its counters.
    submissionAttempts = zeroIfNull(status.getSubmissionAttempts());
    executionAttempts = zeroIfNull(status.getExecutionAttempts());
    errorMessage =
        status.getApplicationState() == null
            ? null
            : status.getApplicationState().getErrorMessage();
    if (ApplicationStates.isTerminal(state)) {
      stage = Stage.DONE;
      submittedGeneration = app.getMetadata().getGeneration();
      submittedFingerprint = fingerprint(app);
      history("adopted in state " + state);
    } else {
      stage = Stage.INVALIDATING;
      invalidationReason = "adopted in state " + state;
      history(invalidationReason + ": its pods are not simulated, restarting it");
    }
  }

  /** One step of the state machine; {@code cached} is the informer's copy of the application. */
  void advance(SparkApplication cached) {
    if (stage != Stage.NEW
        && stage != Stage.INVALIDATING
        && stage != Stage.PENDING_RERUN
        && specChanged(cached)) {
      invalidate(cached);
      return;
    }
    switch (stage) {
      case NEW -> submitWhenPodsGone();
      case PENDING_RERUN -> submitWhenPodsGone();
      case SUBMITTED -> {
        if (driverExists()) {
          start();
        } else {
          driverLost();
        }
      }
      case RUNNING -> {
        if (driverExists()) {
          run();
        } else {
          driverLost();
        }
      }
      case EXECUTORS_FAILED -> {
        if (driverExists()) {
          abortAfterExecutorLoss();
        } else {
          driverLost();
        }
      }
      case RECLAIMING -> {
        if (driverReclaimed || driverExists()) {
          podsOnReclaimedNodesTerminate();
        } else {
          driverLost();
        }
      }
      case RECLAIMED -> {
        if (driverReclaimed || driverExists()) {
          reclaimedPodsAndNodesGo();
        } else {
          driverLost();
        }
      }
      case FAILING -> failing(cached);
      case SUCCEEDING -> succeeding(cached);
      case SUBMISSION_FAILED -> submissionFailed(cached);
      case INVALIDATING -> resetAfterInvalidation();
      case DONE -> {}
    }
  }

  /** The application was deleted: Kubernetes' garbage collector would remove its pods. */
  void onDeleted() {
    int deleted = deletePods();
    history("SparkApplication deleted: removed " + deleted + " pod(s)");
  }

  // ---- spec changes (research §3 "Spec update") ----

  /**
   * Whether the spec differs from the one last submitted. KF compares old and new objects in its
   * informer's update predicate; the simulator compares {@code metadata.generation} (which the API
   * server, and the fabric8 mock in CRUD mode, bump on every spec change of a CRD with a status
   * subresource, and never on metadata or status changes) and then the spec itself, so that changes
   * to {@code suspend} or {@code timeToLiveSeconds} alone do not restart the application, as in KF.
   * Without a generation (an API server that does not set it) the spec is compared on every tick.
   */
  private boolean specChanged(SparkApplication cached) {
    Long generation = cached.getMetadata().getGeneration();
    if (generation != null && submittedGeneration != null && generation <= submittedGeneration) {
      return false;
    }
    JsonNode fingerprint = fingerprint(cached);
    if (fingerprint.equals(submittedFingerprint)) {
      if (generation != null && submittedGeneration != null && generation > submittedGeneration) {
        history(
            "generation "
                + submittedGeneration
                + " → "
                + generation
                + ": only suspend/timeToLiveSeconds changed, not restarting");
      }
      submittedGeneration = generation;
      return false;
    }
    return true;
  }

  private JsonNode fingerprint(SparkApplication app) {
    if (app.getSpec() == null) {
      return NullNode.getInstance();
    }
    JsonNode tree =
        env.client().getKubernetesSerialization().convertValue(app.getSpec(), JsonNode.class);
    if (tree instanceof ObjectNode object) {
      object.remove("suspend");
      object.remove("timeToLiveSeconds");
    }
    return tree;
  }

  private void invalidate(SparkApplication cached) {
    String from = state;
    writeStatus(ApplicationStates.INVALIDATING, s -> {});
    history(
        "spec changed (generation "
            + submittedGeneration
            + " → "
            + cached.getMetadata().getGeneration()
            + "): "
            + (from.isEmpty() ? "\"\"" : from)
            + " → INVALIDATING");
    invalidationReason = "spec changed";
    stage = Stage.INVALIDATING;
  }

  /** KF {@code reconcileInvalidatingSparkApplication} + {@code resetSparkApplicationStatus}. */
  private void resetAfterInvalidation() {
    int deleted = deletePods();
    submissionAttempts = 0;
    executionAttempts = 0;
    errorMessage = null;
    submission = null;
    writeStatus(
        ApplicationStates.PENDING_RERUN,
        s -> {
          s.setSparkApplicationId(null);
          // KF writes these int32s with omitempty: zero is absent.
          s.setSubmissionAttempts(null);
          s.setExecutionAttempts(null);
          s.setLastSubmissionAttemptTime(null);
          s.setTerminationTime(null);
          s.setDriverInfo(new DriverInfo());
          s.setExecutorState(null);
        });
    history(
        invalidationReason
            + ": INVALIDATING → PENDING_RERUN (deleted "
            + deleted
            + " pod(s), attempt counters reset)");
    stage = Stage.PENDING_RERUN;
  }

  // ---- submission ----

  /** KF waits for the old driver to be gone before it submits again ({@code PENDING_RERUN}). */
  private void submitWhenPodsGone() {
    if (!ownedPods().isEmpty()) {
      if (stage == Stage.NEW) {
        deletePods();
      }
      return;
    }
    submit();
  }

  /** KF {@code submitSparkApplication}: spark-submit with the spec as it is now. */
  private void submit() {
    SparkApplication app = fetch();
    submittedGeneration = app.getMetadata().getGeneration();
    submittedFingerprint = fingerprint(app);
    submissionAttempts++;
    lastSubmissionMillis = env.clock().nowMillis();
    String now = SimClock.timestamp();
    SubmittedSpec spec;
    try {
      spec = SubmittedSpec.resolve(app);
    } catch (SubmissionException e) {
      failSubmission(
          SubmittedSpec.driverPodName(app),
          now,
          "failed to submit spark application: failed to run spark-submit: " + e.getMessage());
      return;
    }
    Submission next = Submission.create(name, spec);
    String zone = SimulatedNodes.randomZone();
    SimulatedNodes.SimNode driverNode =
        env.nodes()
            .provision(
                capacity(spec.driverPlacement(), env.options().defaultDriverCapacity()),
                zone,
                SimulatedNodes.fit(SimulatedNodes.DRIVER_TYPES, spec.driver().containerMiB()),
                spec.driverPlacement().eksLabel());
    Pod driver;
    try {
      driver = pods().resource(SparkPods.driver(app, next, driverNode.name)).create();
    } catch (KubernetesClientException e) {
      env.nodes().dropIfUnused(driverNode);
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // spark-submit's stderr has "code=409": KF reports it this way.
        failSubmission(
            spec.driverPodName(),
            now,
            "failed to submit spark application: driver pod already exist");
        return;
      }
      throw e;
    }
    submission = next;
    driverUid = driver.getMetadata().getUid();
    placed.clear();
    env.nodes().bind(driverNode, podKey(spec.driverPodName()));
    placed.put(
        spec.driverPodName(),
        new PlacedPod(SparkPods.DRIVER_ROLE, 0, driverNode, driverNode.nextPodIp()));
    reclaimedPods.clear();
    driverReclaimed = false;
    lostExecutors = List.of();
    failedExecutorPods.clear();
    lostTask = null;
    jobPlan = null;
    eventLog = SparkEventLog.none();
    executorPods.clear();
    errorMessage = null;
    // KF counts an execution attempt for every successful submission.
    executionAttempts++;
    writeStatus(
        ApplicationStates.SUBMITTED,
        s -> {
          s.setSubmissionId(next.submissionId());
          s.setSparkApplicationId(next.sparkApplicationId());
          s.setLastSubmissionAttemptTime(now);
          s.setSubmissionAttempts(submissionAttempts);
          s.setExecutionAttempts(executionAttempts);
          driverInfo(s).setPodName(spec.driverPodName());
        });
    history(
        "submitted "
            + next.submissionId()
            + " (attempt "
            + submissionAttempts
            + "): driver "
            + spec.driver()
            + ", "
            + spec.instances()
            + " executor(s) "
            + spec.executor()
            + "; driver on node "
            + driverNode);
    enter(Stage.SUBMITTED);
  }

  private void failSubmission(String driverPodName, String now, String message) {
    submission = null;
    errorMessage = message;
    writeStatus(
        ApplicationStates.SUBMISSION_FAILED,
        message,
        s -> {
          s.setSubmissionId(UUID.randomUUID().toString());
          s.setLastSubmissionAttemptTime(now);
          s.setSubmissionAttempts(submissionAttempts);
          driverInfo(s).setPodName(driverPodName);
        });
    history("SUBMISSION_FAILED (attempt " + submissionAttempts + "): " + message);
    enter(Stage.SUBMISSION_FAILED);
  }

  /** KF {@code reconcileFailedSubmissionSparkApplication}. */
  private void submissionFailed(SparkApplication cached) {
    RestartPolicy policy = restartPolicy(cached);
    boolean retry =
        RestartPolicy.ALWAYS.equals(policy.getType())
            || (RestartPolicy.ON_FAILURE.equals(policy.getType())
                && policy.getOnSubmissionFailureRetries() != null
                && submissionAttempts <= policy.getOnSubmissionFailureRetries());
    if (retry) {
      if (retryDue(policy.getOnSubmissionFailureRetryInterval()) && ownedPods().isEmpty()) {
        history("restartPolicy " + policy.getType() + ": retrying the submission");
        submit();
      }
      return;
    }
    String now = SimClock.timestamp();
    writeStatus(ApplicationStates.FAILED, errorMessage, s -> s.setTerminationTime(now));
    history("FAILED: " + errorMessage);
    enter(Stage.DONE);
  }

  // ---- running ----

  /**
   * The driver pod starts and requests its executors, which Karpenter packs on one or two nodes.
   */
  private void start() {
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    runningSinceMillis = env.clock().nowMillis();
    runningSinceTimestamp = now;
    runningSince = Instant.now();
    PlacedPod driver = placed.get(spec.driverPodName());
    updatePodStatus(
        spec.driverPodName(),
        SparkPods.running(
            SparkApplication.DRIVER_CONTAINER,
            spec.driverImage(),
            now,
            driver == null ? null : driver.node().ip,
            driver == null ? null : driver.ip()));
    SparkApplication app = fetch();
    executorPods.clear();
    int nodeCount = spec.instances() <= EXECUTORS_PER_NODE ? 1 : 2;
    int perNode = (spec.instances() + nodeCount - 1) / nodeCount;
    CapacityType capacity =
        capacity(spec.executorPlacement(), env.options().defaultExecutorCapacity());
    String zone = driver == null ? SimulatedNodes.randomZone() : driver.node().zone;
    List<SimulatedNodes.SimNode> nodes = new ArrayList<>();
    for (int id = 1; id <= spec.instances(); id++) {
      int index = (id - 1) / perNode;
      if (index >= nodes.size()) {
        int here = Math.min(perNode, spec.instances() - index * perNode);
        nodes.add(
            env.nodes()
                .provision(
                    capacity,
                    zone,
                    SimulatedNodes.fit(
                        SimulatedNodes.EXECUTOR_TYPES, here * spec.executor().containerMiB()),
                    spec.executorPlacement().eksLabel()));
      }
      SimulatedNodes.SimNode node = nodes.get(index);
      Pod executor =
          SparkPods.executor(app, submission, id, spec.driverPodName(), driverUid, node.name);
      String podName = executor.getMetadata().getName();
      try {
        createPod(executor);
      } catch (KubernetesClientException e) {
        nodes.forEach(env.nodes()::dropIfUnused);
        throw e;
      }
      env.nodes().bind(node, podKey(podName));
      PlacedPod pod = new PlacedPod(SparkPods.EXECUTOR_ROLE, id, node, node.nextPodIp());
      placed.put(podName, pod);
      updatePodStatus(
          podName,
          SparkPods.running(
              SparkApplication.EXECUTOR_CONTAINER, spec.executorImage(), now, node.ip, pod.ip()));
      executorPods.add(podName);
    }
    planJob(spec);
    writeStatus(
        ApplicationStates.RUNNING,
        s -> {
          s.setSparkApplicationId(submission.sparkApplicationId());
          s.setExecutorState(executorStates("RUNNING"));
        });
    history(
        "RUNNING: driver "
            + spec.driverPodName()
            + " and "
            + spec.instances()
            + " executor(s) up, executor container limit "
            + spec.executor().containerMiB()
            + "Mi, executors on "
            + nodes);
    enter(Stage.RUNNING);
  }

  /** Plans the run's Spark job on its executors, and starts its event log when it keeps one. */
  private void planJob(SubmittedSpec spec) {
    JobTruth truth = env.truths().apply(key);
    List<SparkJobPlan.Executor> executors = new ArrayList<>();
    placed.forEach(
        (pod, where) -> {
          if (SparkPods.EXECUTOR_ROLE.equals(where.role())) {
            executors.add(
                new SparkJobPlan.Executor(
                    Integer.toString(where.executorId()), where.ip(), spec.executorCores()));
          }
        });
    jobPlan =
        SparkJobPlan.plan(
            submission.sparkApplicationId(),
            Math.min(SimClock.millis(truth.runtime()), MAX_PLANNED_RUNTIME_MS),
            executors,
            SparkJobPlan.shufflePartitions(spec.sparkConf()),
            truth.skew(),
            SparkJobPlan.skewJoinApplies(spec.sparkConf()));
    if (truth.skew() > 0) {
      history(
          jobPlan.hot == null
              ? "skewed join partition ("
                  + truth.skew()
                  + "x) split by AQE's skew join: join stage balanced"
              : "skewed join partition "
                  + jobPlan.hot.index
                  + " ("
                  + truth.skew()
                  + "x the median) on executor "
                  + jobPlan.hot.executor.id()
                  + ": needs "
                  + JobTruth.skewedPartitionHeapNeedMiB(truth.skew())
                  + "m of heap, spark.executor.memory "
                  + spec.executor().heapMiB()
                  + "m");
    }
    SparkEventLog.Target target = SparkEventLog.target(spec.sparkConf());
    if (target == null) {
      return;
    }
    if (!target.writable()) {
      history("event log: " + target.problem());
      return;
    }
    eventLog =
        SparkEventLog.open(
            target,
            new SparkEventLog.Run(
                submission.sparkApplicationId(),
                name,
                namespace,
                spec.sparkVersion(),
                spec.mainClass(),
                spec.driverPodName(),
                spec.driverPodName() + "-svc." + namespace + ".svc",
                spec.driverImage(),
                submission.resourcePrefix(),
                spec.driver().heapMiB(),
                spec.executor().heapMiB(),
                spec.driverCores(),
                spec.executorCores(),
                spec.instances(),
                runningSince.toEpochMilli(),
                spec.sparkConf()),
            jobPlan,
            this::history);
  }

  /** Simulated milliseconds since the current run started running. */
  private long elapsed() {
    return env.clock().nowMillis() - runningSinceMillis;
  }

  private static CapacityType capacity(Placement placement, CapacityType fallback) {
    return placement.required() != null ? placement.required() : fallback;
  }

  private void run() {
    JobTruth truth = env.truths().apply(key);
    Env.FaultCounters faults = env.faults().apply(key);
    long elapsed = env.clock().nowMillis() - runningSinceMillis;
    long runtime = SimClock.millis(truth.runtime());
    if (truth.codeBug() != null) {
      if (elapsed >= (long) (runtime * CODE_BUG_POINT)) {
        codeBug(truth.codeBug(), (long) (runtime * CODE_BUG_POINT));
      } else {
        eventLog.advanceTo(elapsed);
      }
      return;
    }
    Failure failure = Failure.of(submission.spec(), truth);
    if (failure != null) {
      long at = (long) (runtime * FAILURE_POINT);
      if (elapsed >= at) {
        if (failure.driver()) {
          history(failure.detail());
          if (failure.exitCode() == 52) {
            eventLog.shutDown(at);
          } else {
            eventLog.abandon(at); // SIGKILL: no shutdown hook renames the log
          }
          driverTerminated(
              failure.exitCode(),
              failure.reason(),
              failure.exitCode() == 52
                  ? DriverLogs.driverHeapOom(logRun(), Instant.now())
                  : DriverLogs.driverKilled(logRun(), Instant.now()));
        } else {
          Map<String, String> lost = executorsFail(failure, List.copyOf(executorPods), null);
          eventLog.executorsLost(at, lost, failure.exitCode() == 52);
        }
      } else {
        eventLog.advanceTo(elapsed);
      }
      return;
    }
    if (faults.spotInterruptions < truth.spotInterruptions()
        && onSpot()
        && elapsed >= (long) (runtime * INTERRUPTION_POINT)) {
      faultAtMillis = (long) (runtime * INTERRUPTION_POINT);
      spotInterruption(truth, faults);
    } else if (skewedPartitionFails() && elapsed >= jobPlan.hotFailureAt()) {
      skewedPartitionOutOfMemory();
    } else if (faults.transientFailures < truth.transientFailures()
        && elapsed >= (long) (runtime * TRANSIENT_POINT)) {
      storageThrottled(truth, faults, (long) (runtime * TRANSIENT_POINT));
    } else if (elapsed >= runtime) {
      succeed(elapsed);
    } else {
      eventLog.advanceTo(elapsed);
    }
  }

  /** Whether the run's hot partition is unsplit and its executor's heap below its need. */
  private boolean skewedPartitionFails() {
    return jobPlan != null
        && jobPlan.hot != null
        && submission.spec().executor().heapMiB()
            < JobTruth.skewedPartitionHeapNeedMiB(jobPlan.skew);
  }

  /**
   * The hot partition's task buffers its matching rows until its executor's heap runs out: the
   * executor reports the task's {@code OutOfMemoryError} and exits 52; Spark aborts the job.
   */
  private void skewedPartitionOutOfMemory() {
    SparkJobPlan.Task hot = jobPlan.hot;
    String pod = submission.executorPodName(Integer.parseInt(hot.executor.id()));
    long need = JobTruth.skewedPartitionHeapNeedMiB(jobPlan.skew);
    Failure failure =
        new Failure(
            false,
            52,
            "Error",
            "JVM OOM (52) on skewed partition "
                + hot.index
                + " of stage "
                + hot.stage.id
                + ": heap needs "
                + need
                + "m, spark.executor.memory "
                + submission.spec().executor().heapMiB()
                + "m");
    Map<String, String> lost =
        executorsFail(
            failure,
            executorPods.contains(pod) ? List.of(pod) : List.copyOf(executorPods),
            DriverLogs.FailedTask.once(hot.stage.id, hot.index, hot.tid));
    eventLog.executorOutOfMemory(
        jobPlan.hotFailureAt(), hot, lost.getOrDefault(hot.executor.id(), ""));
  }

  /** The run dies of its own code, whatever its memory and nodes. */
  private void codeBug(String exceptionLine, long at) {
    eventLog.advanceTo(at); // the query fails analysis: no SQL execution, no job
    history("code bug: " + exceptionLine.lines().findFirst().orElse(exceptionLine));
    driverTerminated(1, "Error", DriverLogs.codeBug(logRun(), exceptionLine, Instant.now()));
  }

  // ---- faults outside the job ----

  private boolean onSpot() {
    return placed.values().stream().anyMatch(p -> p.node().capacity == CapacityType.SPOT);
  }

  /**
   * EC2 reclaims spot capacity: the executors' spot nodes (or, with every executor on on-demand,
   * the driver's). Karpenter taints each node and records its Events; the API server marks every
   * pod it evicts with {@code DisruptionTarget}.
   */
  private void spotInterruption(JobTruth truth, Env.FaultCounters faults) {
    faults.spotInterruptions++;
    Set<SimulatedNodes.SimNode> targets = new LinkedHashSet<>();
    for (PlacedPod pod : placed.values()) {
      if (SparkPods.EXECUTOR_ROLE.equals(pod.role()) && pod.node().capacity == CapacityType.SPOT) {
        targets.add(pod.node());
      }
    }
    if (targets.isEmpty()) {
      targets.add(placed.get(submission.spec().driverPodName()).node());
    }
    reclaiming.clear();
    reclaiming.addAll(targets);
    reclaimedPods.clear();
    placed.forEach(
        (pod, where) -> {
          if (targets.contains(where.node())) {
            reclaimedPods.add(pod);
          }
        });
    driverReclaimed = reclaimedPods.contains(submission.spec().driverPodName());
    evictedAt = SimClock.timestamp();
    for (SimulatedNodes.SimNode node : targets) {
      env.nodes().reclaim(node);
    }
    for (String pod : reclaimedPods) {
      editPodStatus(
          pod, status -> SparkPods.withCondition(status, SparkPods.evictionTarget(evictedAt)));
    }
    history(
        "spot interruption "
            + faults.spotInterruptions
            + "/"
            + truth.spotInterruptions()
            + ": node(s) "
            + targets
            + " tainted "
            + SimulatedNodes.DISRUPTED_TAINT
            + ":NoSchedule (SpotInterrupted, TerminatingOnInterruption); evicting "
            + reclaimedPods);
    enter(Stage.RECLAIMING);
  }

  /** The drain's SIGTERM: every evicted container exits 143. */
  private void podsOnReclaimedNodesTerminate() {
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    List<DriverLogs.Executor> lost = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (String pod : reclaimedPods) {
      PlacedPod where = placed.get(pod);
      if (!SparkPods.EXECUTOR_ROLE.equals(where.role())) {
        continue;
      }
      updatePodStatus(
          pod,
          SparkPods.withCondition(
              SparkPods.terminated(
                  SparkApplication.EXECUTOR_CONTAINER,
                  spec.executorImage(),
                  143,
                  "Error",
                  runningSinceTimestamp,
                  now,
                  where.node().ip,
                  where.ip(),
                  null),
              SparkPods.evictionTarget(evictedAt)));
      lost.add(
          new DriverLogs.Executor(
              where.executorId(), where.ip(), spec.executorImage(), runningSinceTimestamp, now));
      failed.put(pod, "FAILED");
    }
    lostExecutors = lost;
    if (!lost.isEmpty()) {
      history(lost.size() + " executor(s) got SIGTERM from the drain: exit 143 Error");
    }
    executorPods.removeAll(failed.keySet());
    if (driverReclaimed) {
      eventLog.shutDown(faultAtMillis);
      history("the driver got SIGTERM from the drain: exit 143 Error");
      Stage after = Stage.RECLAIMED;
      driverTerminated(
          143,
          "Error",
          DriverLogs.driverTerminatedBySignal(logRun(), Instant.now()),
          SparkPods.evictionTarget(evictedAt),
          failed);
      enter(after);
      return;
    }
    Map<String, String> reasons = new LinkedHashMap<>();
    for (DriverLogs.Executor e : lost) {
      reasons.put(
          Integer.toString(e.id()),
          "The executor with id " + e.id() + " was deleted by a user or the framework.");
    }
    eventLog.executorsReclaimed(faultAtMillis, reasons);
    writeStatus(ApplicationStates.RUNNING, s -> mergeExecutorStates(s, failed));
    enter(Stage.RECLAIMED);
  }

  /**
   * The evicted pods are deleted, then the instance terminates and its Node goes. Spark saw its
   * executors deleted, lost their shuffle output and aborts: the driver exits 1.
   */
  private void reclaimedPodsAndNodesGo() {
    int deleted = 0;
    for (String pod : reclaimedPods) {
      deleted += deletePod(pod) ? 1 : 0;
    }
    List<SimulatedNodes.SimNode> gone = List.copyOf(reclaiming);
    completeReclaim();
    history("deleted " + deleted + " evicted pod(s); node(s) deleted: " + gone);
    reclaimedPods.clear();
    if (driverReclaimed) {
      enter(Stage.FAILING);
      return;
    }
    history("executors lost with their node: job aborted, stage attempts exhausted");
    driverTerminated(
        1, "Error", DriverLogs.executorsDeleted(logRun(), lostExecutors, Instant.now()));
  }

  /**
   * Deletes the nodes of an interrupted reclaim (after their pods, or when the run is torn down).
   */
  private void completeReclaim() {
    for (SimulatedNodes.SimNode node : reclaiming) {
      env.nodes().removeReclaimed(node);
    }
    reclaiming.clear();
  }

  /** S3 throttles the job's writes until its tasks run out of attempts; the driver exits 1. */
  private void storageThrottled(JobTruth truth, Env.FaultCounters faults, long at) {
    faults.transientFailures++;
    eventLog.taskFailed(
        at,
        DriverLogs.throttled(
            "s3a://" + name + "-lake/warehouse/" + name + "/part-00012.snappy.parquet"));
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    Map<String, String> finished = executorStates("COMPLETED");
    String log = DriverLogs.storageThrottled(logRun(), Instant.now());
    executorsCompleted(spec, now);
    history(
        "transient failure "
            + faults.transientFailures
            + "/"
            + truth.transientFailures()
            + ": S3 503 SlowDown, write job aborted; executors exited 0");
    driverTerminated(1, "Error", log, null, finished);
  }

  /** What the driver's log is about. */
  private DriverLogs.Run logRun() {
    SubmittedSpec spec = submission.spec();
    List<DriverLogs.Executor> executors = new ArrayList<>();
    placed.forEach(
        (pod, where) -> {
          if (SparkPods.EXECUTOR_ROLE.equals(where.role())) {
            executors.add(
                new DriverLogs.Executor(
                    where.executorId(),
                    where.ip(),
                    spec.executorImage(),
                    runningSinceTimestamp,
                    null));
          }
        });
    PlacedPod driver = placed.get(spec.driverPodName());
    return new DriverLogs.Run(
        name,
        namespace,
        spec.sparkVersion(),
        spec.mainClass(),
        spec.driverPodName(),
        driver == null ? "10.0.0.10" : driver.ip(),
        spec.driver().heapMiB(),
        runningSince == null ? Instant.now() : runningSince,
        executors);
  }

  /**
   * These executors die the same way; their pods stay, terminated, until the next tick (when Spark
   * deletes them). KF records the {@code Failed} pods as {@code FAILED}. Returns Spark's reason for
   * each loss (Kubernetes' exit reason), by executor id.
   */
  private Map<String, String> executorsFail(
      Failure failure, List<String> pods, DriverLogs.FailedTask task) {
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    List<DriverLogs.Executor> lost = new ArrayList<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (int i = 0; i < pods.size(); i++) {
      PlacedPod where = placed.get(pods.get(i));
      updatePodStatus(
          pods.get(i),
          SparkPods.terminated(
              SparkApplication.EXECUTOR_CONTAINER,
              spec.executorImage(),
              failure.exitCode(),
              failure.reason(),
              runningSinceTimestamp,
              now,
              where == null ? null : where.node().ip,
              where == null ? null : where.ip(),
              null));
      DriverLogs.Executor executor =
          new DriverLogs.Executor(
              where == null ? i + 1 : where.executorId(),
              where == null ? "10.0.0." + (20 + i) : where.ip(),
              spec.executorImage(),
              runningSinceTimestamp,
              now);
      lost.add(executor);
      reasons.put(
          Integer.toString(executor.id()),
          DriverLogs.exitReason(executor, failure.exitCode(), failure.reason()));
      failed.put(pods.get(i), "FAILED");
      history("executor " + executor.id() + " " + failure.detail());
    }
    lostExecutors = lost;
    lostFailure = failure;
    lostTask = task;
    failedExecutorPods.clear();
    failedExecutorPods.addAll(pods);
    writeStatus(ApplicationStates.RUNNING, s -> mergeExecutorStates(s, failed));
    enter(Stage.EXECUTORS_FAILED);
    return reasons;
  }

  /**
   * Spark deletes the failed executors (unless {@code deleteOnTermination: false}); with every
   * executor lost and its tasks out of retries the job aborts and the driver exits 1.
   */
  private void abortAfterExecutorLoss() {
    if (submission.spec().deleteExecutorsOnTermination()) {
      int deleted = 0;
      for (String pod : failedExecutorPods) {
        deleted += deletePod(pod) ? 1 : 0;
      }
      history("deleted " + deleted + " failed executor pod(s) (deleteOnTermination)");
    }
    executorPods.removeAll(failedExecutorPods);
    history(
        executorPods.isEmpty()
            ? "all executors lost: job aborted, task retries exhausted"
            : "executor(s) "
                + lostExecutors.stream().map(e -> Integer.toString(e.id())).toList()
                + " lost with the skewed partition's task: job aborted");
    DriverLogs.Run run = logRun();
    DriverLogs.Run lost =
        new DriverLogs.Run(
            run.appName(),
            run.namespace(),
            run.sparkVersion(),
            run.mainClass(),
            run.driverPod(),
            run.driverIp(),
            run.driverHeapMiB(),
            run.started(),
            lostExecutors);
    driverTerminated(
        1,
        "Error",
        lostTask == null
            ? DriverLogs.executorsDied(
                lost, lostFailure.exitCode(), lostFailure.reason(), Instant.now())
            : DriverLogs.executorsDied(
                lost, lostFailure.exitCode(), lostFailure.reason(), Instant.now(), lostTask));
  }

  /**
   * The driver container exits non-zero; KF (§1 "errorMessage strings") then reports FAILING with
   * {@code driver container failed with ExitCode: <code>, Reason: <reason>}. Executors still around
   * lose their driver and exit 1. The tail of {@code log} is the container's termination message.
   */
  private void driverTerminated(int exitCode, String reason, String log) {
    driverTerminated(exitCode, reason, log, null, Map.of());
  }

  /**
   * The same, with a condition for the driver pod ({@code DisruptionTarget} when it was evicted)
   * and the KF states of executors that already ended.
   */
  private void driverTerminated(
      int exitCode,
      String reason,
      String log,
      PodCondition driverCondition,
      Map<String, String> endedExecutors) {
    if (exitCode == 137) {
      eventLog.abandon(elapsed());
    } else {
      eventLog.finish(elapsed());
    }
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    for (String pod : executorPods) {
      if (spec.deleteExecutorsOnTermination()) {
        deletePod(pod);
      } else {
        PlacedPod where = placed.get(pod);
        updatePodStatus(
            pod,
            SparkPods.terminated(
                SparkApplication.EXECUTOR_CONTAINER,
                spec.executorImage(),
                1,
                "Error",
                runningSinceTimestamp,
                now,
                where == null ? null : where.node().ip,
                where == null ? null : where.ip(),
                null));
      }
    }
    PlacedPod driver = placed.get(spec.driverPodName());
    PodStatus driverStatus =
        SparkPods.terminated(
            SparkApplication.DRIVER_CONTAINER,
            spec.driverImage(),
            exitCode,
            reason,
            runningSinceTimestamp,
            now,
            driver == null ? null : driver.node().ip,
            driver == null ? null : driver.ip(),
            exitCode == 0 ? null : DriverLogs.terminationMessage(log));
    if (driverCondition != null) {
      SparkPods.withCondition(driverStatus, driverCondition);
    }
    updatePodStatus(spec.driverPodName(), driverStatus);
    String message = "driver container failed with ExitCode: " + exitCode + ", Reason: " + reason;
    Map<String, String> executors = new LinkedHashMap<>(endedExecutors);
    executors.putAll(executorStates("FAILED"));
    errorMessage = message;
    writeStatus(
        ApplicationStates.FAILING,
        message,
        s -> {
          s.setTerminationTime(now);
          mergeExecutorStates(s, executors);
        });
    history("driver failed: ExitCode " + exitCode);
    history("FAILING: " + message);
    executorPods.clear();
    enter(Stage.FAILING);
  }

  /** KF: the driver pod vanished while the app was running. */
  private void driverLost() {
    eventLog.shutDown(elapsed());
    eventLog.finish(elapsed());
    String now = SimClock.timestamp();
    Map<String, String> executors = executorStates("FAILED");
    for (String pod : executorPods) {
      deletePod(pod);
    }
    for (String pod : reclaimedPods) {
      deletePod(pod);
    }
    reclaimedPods.clear();
    completeReclaim();
    executorPods.clear();
    errorMessage = DRIVER_NOT_FOUND;
    writeStatus(
        ApplicationStates.FAILING,
        DRIVER_NOT_FOUND,
        s -> {
          s.setTerminationTime(now);
          mergeExecutorStates(s, executors);
        });
    history("FAILING: " + DRIVER_NOT_FOUND);
    enter(Stage.FAILING);
  }

  /** Every executor exits 0 at {@code now}; deleted when the spec says so. */
  private void executorsCompleted(SubmittedSpec spec, String now) {
    for (String pod : executorPods) {
      PlacedPod where = placed.get(pod);
      updatePodStatus(
          pod,
          SparkPods.terminated(
              SparkApplication.EXECUTOR_CONTAINER,
              spec.executorImage(),
              0,
              "Completed",
              runningSinceTimestamp,
              now,
              where == null ? null : where.node().ip,
              where == null ? null : where.ip(),
              null));
      if (spec.deleteExecutorsOnTermination()) {
        deletePod(pod);
      }
    }
    executorPods.clear();
  }

  /** The job finished: executors exit 0 and are removed, the driver completes. */
  private void succeed(long elapsed) {
    eventLog.complete(elapsed);
    SubmittedSpec spec = submission.spec();
    String now = SimClock.timestamp();
    Map<String, String> executors = executorStates("COMPLETED");
    executorsCompleted(spec, now);
    PlacedPod driver = placed.get(spec.driverPodName());
    updatePodStatus(
        spec.driverPodName(),
        SparkPods.terminated(
            SparkApplication.DRIVER_CONTAINER,
            spec.driverImage(),
            0,
            "Completed",
            runningSinceTimestamp,
            now,
            driver == null ? null : driver.node().ip,
            driver == null ? null : driver.ip(),
            null));
    writeStatus(
        ApplicationStates.SUCCEEDING,
        s -> {
          s.setTerminationTime(now);
          mergeExecutorStates(s, executors);
        });
    history("driver completed: ExitCode 0");
    history("SUCCEEDING");
    enter(Stage.SUCCEEDING);
  }

  // ---- after the driver terminated (research §3 "restartPolicy retries") ----

  /** KF {@code reconcileSucceedingSparkApplication}. */
  private void succeeding(SparkApplication cached) {
    RestartPolicy policy = restartPolicy(cached);
    if (RestartPolicy.ALWAYS.equals(policy.getType())) {
      rerun(policy, "SUCCEEDING");
      return;
    }
    writeStatus(ApplicationStates.COMPLETED, s -> {});
    history("COMPLETED");
    enter(Stage.DONE);
  }

  /** KF {@code reconcileFailingSparkApplication} with {@code ShouldRetry}. */
  private void failing(SparkApplication cached) {
    RestartPolicy policy = restartPolicy(cached);
    boolean retry =
        RestartPolicy.ALWAYS.equals(policy.getType())
            || (RestartPolicy.ON_FAILURE.equals(policy.getType())
                && policy.getOnFailureRetries() != null
                && executionAttempts <= policy.getOnFailureRetries());
    if (retry) {
      if (retryDue(policy.getOnFailureRetryInterval())) {
        rerun(policy, "FAILING");
      }
      return;
    }
    writeStatus(ApplicationStates.FAILED, errorMessage, s -> {});
    history("FAILED: " + errorMessage);
    enter(Stage.DONE);
  }

  /** KF's linear backoff: {@code interval × submissionAttempts} after the last submission. */
  private boolean retryDue(Long intervalSeconds) {
    long interval = intervalSeconds == null ? DEFAULT_RETRY_INTERVAL_SECONDS : intervalSeconds;
    long due = lastSubmissionMillis + interval * 1000L * Math.max(submissionAttempts, 1);
    return env.clock().nowMillis() >= due;
  }

  /** Delete the pods, reset the status but keep the attempt counters, and go PENDING_RERUN. */
  private void rerun(RestartPolicy policy, String from) {
    int deleted = deletePods();
    submission = null;
    errorMessage = null;
    writeStatus(
        ApplicationStates.PENDING_RERUN,
        s -> {
          s.setSparkApplicationId(null);
          s.setTerminationTime(null);
          s.setDriverInfo(new DriverInfo());
          s.setExecutorState(null);
        });
    history(
        "restartPolicy "
            + policy.getType()
            + ": "
            + from
            + " → PENDING_RERUN after execution attempt "
            + executionAttempts
            + " (deleted "
            + deleted
            + " pod(s))");
    enter(Stage.PENDING_RERUN);
  }

  private static RestartPolicy restartPolicy(SparkApplication app) {
    RestartPolicy policy = app.getSpec() == null ? null : app.getSpec().getRestartPolicy();
    if (policy == null) {
      policy = new RestartPolicy();
    }
    if (policy.getType() == null) {
      policy.setType(RestartPolicy.NEVER);
    }
    return policy;
  }

  // ---- API access ----

  private void enter(Stage next) {
    stage = next;
  }

  private NonNamespaceOperation<Pod, PodList, PodResource> pods() {
    return env.client().pods().inNamespace(namespace);
  }

  private NonNamespaceOperation<
          SparkApplication, KubernetesResourceList<SparkApplication>, Resource<SparkApplication>>
      apps() {
    return env.client().resources(SparkApplication.class).inNamespace(namespace);
  }

  /** The application as the server has it now. */
  private SparkApplication fetch() {
    SparkApplication app = apps().withName(name).get();
    if (app == null || !uid.equals(app.getMetadata().getUid())) {
      throw new AppGoneException(key);
    }
    return app;
  }

  private void writeStatus(String newState, Consumer<SparkApplicationStatus> change) {
    writeStatus(newState, errorMessage, change);
  }

  /**
   * Re-reads the application, sets {@code applicationState} and applies {@code change} to its
   * status, and writes it through the status subresource, retrying on 409 Conflict. Never writes
   * the spec; unknown status fields round-trip through the model.
   */
  private void writeStatus(
      String newState, String message, Consumer<SparkApplicationStatus> change) {
    for (int attempt = 1; ; attempt++) {
      SparkApplication app = fetch();
      SparkApplicationStatus status =
          app.getStatus() == null ? new SparkApplicationStatus() : app.getStatus();
      ApplicationState applicationState =
          status.getApplicationState() == null
              ? new ApplicationState()
              : status.getApplicationState();
      applicationState.setState(newState);
      applicationState.setErrorMessage(message);
      status.setApplicationState(applicationState);
      change.accept(status);
      app.setStatus(status);
      try {
        apps().resource(app).updateStatus();
        state = newState;
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  private static DriverInfo driverInfo(SparkApplicationStatus status) {
    if (status.getDriverInfo() == null) {
      status.setDriverInfo(new DriverInfo());
    }
    return status.getDriverInfo();
  }

  private Map<String, String> executorStates(String executorState) {
    Map<String, String> states = new LinkedHashMap<>();
    for (String pod : executorPods) {
      states.put(pod, executorState);
    }
    return states;
  }

  private static void mergeExecutorStates(
      SparkApplicationStatus status, Map<String, String> states) {
    if (states.isEmpty()) {
      return;
    }
    Map<String, String> merged =
        status.getExecutorState() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(status.getExecutorState());
    merged.putAll(states);
    status.setExecutorState(merged);
  }

  private void createPod(Pod pod) {
    try {
      pods().resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        Pod existing = pods().withName(pod.getMetadata().getName()).get();
        String submissionId =
            pod.getMetadata().getLabels().get(SparkApplication.SUBMISSION_ID_LABEL);
        if (existing != null
            && submissionId.equals(
                existing.getMetadata().getLabels().get(SparkApplication.SUBMISSION_ID_LABEL))) {
          return; // created on an earlier, interrupted attempt of this step
        }
      }
      throw e;
    }
  }

  /** Sets a pod's status through its status subresource, retrying on conflict; no-op if gone. */
  private void updatePodStatus(String podName, PodStatus status) {
    editPodStatus(podName, current -> status);
  }

  /** Changes a pod's status through its status subresource, retrying on conflict. */
  private void editPodStatus(String podName, UnaryOperator<PodStatus> change) {
    for (int attempt = 1; ; attempt++) {
      Pod pod = pods().withName(podName).get();
      if (pod == null) {
        return;
      }
      pod.setStatus(change.apply(pod.getStatus() == null ? new PodStatus() : pod.getStatus()));
      try {
        pods().resource(pod).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Deletes a pod; its node goes too once nothing else runs there. */
  private boolean deletePod(String podName) {
    return deletePod(podName, null);
  }

  private boolean deletePod(String podName, String nodeName) {
    boolean deleted = !pods().withName(podName).withGracePeriod(0).delete().isEmpty();
    env.nodes().release(podKey(podName), nodeName);
    return deleted;
  }

  private String podKey(String podName) {
    return namespace + "/" + podName;
  }

  /** Pods of this application (any submission): its label and an owner reference to its uid. */
  private List<Pod> ownedPods() {
    return pods().withLabel(SparkApplication.APP_NAME_LABEL, name).list().getItems().stream()
        .filter(pod -> SparkPods.ownedBy(pod, uid))
        .toList();
  }

  /** What the garbage collector does once the driver pod goes (the mock has no GC). */
  private int deletePods() {
    // A running driver gets SIGTERM: its shutdown hook stops the SparkContext and ends the log.
    eventLog.shutDown(elapsed());
    eventLog.finish(elapsed());
    int deleted = 0;
    for (Pod pod : ownedPods()) {
      deleted +=
          deletePod(
                  pod.getMetadata().getName(),
                  pod.getSpec() == null ? null : pod.getSpec().getNodeName())
              ? 1
              : 0;
    }
    executorPods.clear();
    reclaimedPods.clear();
    completeReclaim();
    return deleted;
  }

  /** Informer cache first; a miss is confirmed with a GET, since the cache may lag a create. */
  private boolean driverExists() {
    String driverName = submission.spec().driverPodName();
    Pod pod = env.cachedPod().apply(namespace + "/" + driverName);
    if (pod != null && (driverUid == null || driverUid.equals(pod.getMetadata().getUid()))) {
      return true;
    }
    pod = pods().withName(driverName).get();
    return pod != null && (driverUid == null || driverUid.equals(pod.getMetadata().getUid()));
  }

  private void history(String line) {
    env.history().accept(key, line);
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }
}
