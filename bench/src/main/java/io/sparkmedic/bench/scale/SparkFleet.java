package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.bench.scale.SparkPodShapes.Submission;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.crds.spark.SparkApplicationStatus.ApplicationState;
import io.sparkmedic.crds.spark.SparkApplicationStatus.DriverInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The applications and pods of the scale benchmark, written straight into the API server as the
 * Kubeflow Spark operator and Spark would leave them — no simulator, which could not run this many
 * — and the writes a failure and a restart make. A running application has its driver and executor
 * pods; a completed one keeps its terminated driver pod (Spark deletes executors as they finish).
 */
final class SparkFleet {

  static final int EXECUTOR_MIB = 14 * 1024 + 1434;
  static final int DRIVER_MIB = 4 * 1024 + 410;
  static final int EXECUTORS_PER_NODE = 8;

  /** Spark's log tail when its executors were OOM-killed (what the driver's log would show). */
  static final String DRIVER_LOG_TAIL =
      String.join(
          "\n",
          "26/11/21 06:41:12 WARN TaskSetManager: Lost task 17.0 in stage 4.0 (TID 311)"
              + " (10.1.7.22 executor 3): ExecutorLostFailure (executor 3 exited caused by one of"
              + " the running tasks) Reason: The executor with id 3 exited with exit code"
              + " 137(SIGKILL, possible container OOM).",
          "The API gave the following container statuses:",
          "\t container name: spark-kubernetes-executor",
          "\t container image: apache/spark:3.5.5",
          "\t container state: terminated",
          "\t container started at: 2026-11-21T06:20:02Z",
          "\t container finished at: 2026-11-21T06:41:11Z",
          "\t exit code: 137",
          "\t termination reason: OOMKilled",
          "26/11/21 06:41:40 ERROR TaskSetManager: Task 17 in stage 4.0 failed 4 times;"
              + " aborting job",
          "26/11/21 06:41:40 ERROR FileFormatWriter: Aborting job"
              + " 7d2c1f0e-2b9e-4b61-9a3f-0b1d6f7c3e21.",
          "org.apache.spark.SparkException: Job aborted due to stage failure: Task 17 in stage"
              + " 4.0 failed 4 times, most recent failure: Lost task 17.3 in stage 4.0 (TID 402)"
              + " (10.1.7.25 executor 6): ExecutorLostFailure (executor 6 exited caused by one of"
              + " the running tasks) Reason: The executor with id 6 exited with exit code"
              + " 137(SIGKILL, possible container OOM).",
          "\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)",
          "\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2834)",
          "26/11/21 06:41:41 INFO SparkContext: Successfully stopped SparkContext",
          "");

  /** One application and what the benchmark knows of it. */
  static final class App {
    final String namespace;
    final String name;
    final int executors;
    SparkApplication latest;
    Submission submission;
    final String driverNode;
    final List<String> executorNodes = new ArrayList<>();
    Pod driverPod;
    final List<Pod> executorPods = new ArrayList<>();

    App(String namespace, String name, int executors, String driverNode) {
      this.namespace = namespace;
      this.name = name;
      this.executors = executors;
      this.driverNode = driverNode;
    }

    String key() {
      return namespace + "/" + name;
    }
  }

  private final KubernetesClient client;
  private final Random random = new Random(42);
  private final List<App> running = new ArrayList<>();
  private final List<App> completed = new ArrayList<>();
  private int pods;
  private int nodes;

  SparkFleet(KubernetesClient client) {
    this.client = client;
  }

  List<App> running() {
    return running;
  }

  int pods() {
    return pods;
  }

  int nodes() {
    return nodes;
  }

  int applications() {
    return running.size() + completed.size();
  }

  /**
   * Creates {@code apps} applications over {@code namespaces}, half of them running, with {@code
   * totalPods} pods between them, on Karpenter nodes (executors on spot, drivers on on-demand).
   */
  void populate(
      List<String> namespaces,
      int apps,
      int totalPods,
      ExecutorService pool,
      Consumer<String> progress)
      throws Exception {
    int runningApps = apps / 2;
    int executorsTotal = totalPods - apps;
    if (runningApps == 0 || executorsTotal < runningApps) {
      throw new IllegalArgumentException("need at least one executor per running application");
    }
    int base = executorsTotal / runningApps;
    int[] perApp = new int[runningApps];
    int assigned = 0;
    for (int i = 0; i < runningApps; i++) {
      perApp[i] = Math.max(1, base + (i % 7) - 3); // 15-21 around an 18 mean
      assigned += perApp[i];
    }
    for (int i = 0; assigned != executorsTotal; i = (i + 1) % runningApps) {
      if (assigned < executorsTotal) {
        perApp[i]++;
        assigned++;
      } else if (perApp[i] > 1) {
        perApp[i]--;
        assigned--;
      }
    }
    int driverNodes = Math.max(1, apps / 16);
    int executorNodes = Math.max(1, executorsTotal / EXECUTORS_PER_NODE);
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < driverNodes; i++) {
      String n = String.format(Locale.ROOT, "ip-10-0-%d-%d.ec2.internal", i / 250, i % 250);
      work.add(pool.submit(() -> client.resource(SparkPodShapes.node(n, false, zone(n))).create()));
    }
    for (int i = 0; i < executorNodes; i++) {
      String n = String.format(Locale.ROOT, "ip-10-8-%d-%d.ec2.internal", i / 250, i % 250);
      work.add(pool.submit(() -> client.resource(SparkPodShapes.node(n, true, zone(n))).create()));
    }
    await(work);
    nodes = driverNodes + executorNodes;
    progress.accept(nodes + " nodes");
    int executorSlot = 0;
    for (int i = 0; i < apps; i++) {
      String ns = namespaces.get(i % namespaces.size());
      String name = String.format(Locale.ROOT, "etl-%04d", i);
      // Alternate per round over the namespaces, so every namespace has both kinds.
      boolean isRunning = (i / namespaces.size()) % 2 == 0 && running.size() < runningApps;
      int executors = isRunning ? perApp[running.size()] : 0;
      App app =
          new App(
              ns,
              name,
              executors,
              String.format(
                  Locale.ROOT,
                  "ip-10-0-%d-%d.ec2.internal",
                  (i % driverNodes) / 250,
                  (i % driverNodes) % 250));
      for (int e = 0; e < executors; e++, executorSlot++) {
        int n = (executorSlot / EXECUTORS_PER_NODE) % executorNodes;
        app.executorNodes.add(
            String.format(Locale.ROOT, "ip-10-8-%d-%d.ec2.internal", n / 250, n % 250));
      }
      (isRunning ? running : completed).add(app);
    }
    work.clear();
    for (App app : running) {
      work.add(pool.submit(() -> create(app, true)));
    }
    for (App app : completed) {
      work.add(pool.submit(() -> create(app, false)));
    }
    for (int i = 0; i < work.size(); i++) {
      work.get(i).get();
      if ((i + 1) % 250 == 0) {
        progress.accept((i + 1) + "/" + apps + " applications with their pods");
      }
    }
    pods = apps + running.stream().mapToInt(a -> a.executors).sum();
  }

  private static String zone(String node) {
    return "us-east-1" + "abc".charAt(Math.abs(node.hashCode()) % 3);
  }

  private static void await(List<Future<?>> work) throws Exception {
    for (Future<?> f : work) {
      f.get();
    }
  }

  private Void create(App app, boolean isRunning) {
    SparkApplication created = client.resource(application(app)).create();
    app.submission = newSubmission(app, created.getMetadata().getUid());
    String started = now();
    app.driverPod =
        createPod(SparkPodShapes.driver(app.submission, app.driverNode, DRIVER_MIB, started));
    if (isRunning) {
      for (int e = 0; e < app.executors; e++) {
        app.executorPods.add(
            createPod(
                SparkPodShapes.executor(
                    app.submission, e + 1, app.executorNodes.get(e), EXECUTOR_MIB, started)));
      }
      app.latest = writeStatus(created, app, ApplicationStates.RUNNING, null, "RUNNING");
    } else {
      app.driverPod =
          client
              .pods()
              .resource(
                  withStatus(
                      app.driverPod,
                      SparkPodShapes.terminated(
                          app.driverPod.getStatus(),
                          io.sparkmedic.crds.spark.SparkApplication.DRIVER_CONTAINER,
                          0,
                          "Completed",
                          started,
                          null)))
              .updateStatus();
      app.latest = writeStatus(created, app, ApplicationStates.COMPLETED, null, "COMPLETED");
    }
    return null;
  }

  private Submission newSubmission(App app, String uid) {
    return new Submission(
        app.name,
        app.namespace,
        uid,
        UUID.randomUUID().toString(),
        "spark-" + UUID.randomUUID().toString().replace("-", ""));
  }

  private Pod createPod(Pod pod) {
    Pod created = client.pods().resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getPhase() == null) {
      created = client.pods().resource(withStatus(created, pod.getStatus())).updateStatus();
    }
    return created;
  }

  private static Pod withStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    pod.setStatus(status);
    return pod;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private SparkApplication application(App app) {
    SparkApplication a = new SparkApplication();
    a.setMetadata(
        new ObjectMetaBuilder()
            .withName(app.name)
            .withNamespace(app.namespace)
            .withLabels(
                Map.of("team", "data", "tier", "batch", "app.kubernetes.io/part-of", "lakehouse"))
            .withAnnotations(Map.of("airflow.apache.org/dag-id", "daily_" + app.name))
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.5");
    spec.setImage(SparkPodShapes.IMAGE);
    spec.setMainClass("com.example.etl.DailyRollup");
    spec.setMainApplicationFile("local:///opt/spark/jars/etl-assembly.jar");
    spec.setUnknownField("mode", "cluster");
    spec.setUnknownField(
        "arguments", List.of("--date", "2026-11-20", "--table", "sales." + app.name));
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.put("spark.kubernetes.allocation.batch.size", "10");
    conf.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "com.amazonaws.auth.WebIdentityTokenCredentialsProvider");
    conf.put("spark.sql.shuffle.partitions", "400");
    spec.setSparkConf(conf);
    RestartPolicy never = new RestartPolicy();
    never.setType(RestartPolicy.NEVER);
    spec.setRestartPolicy(never);
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("4g");
    driver.setUnknownField("serviceAccount", "spark");
    driver.setUnknownField("labels", Map.of("version", "3.5.5"));
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setCores(4);
    executor.setInstances(Math.max(1, app.executors));
    executor.setMemory("14g");
    executor.setUnknownField("labels", Map.of("version", "3.5.5"));
    spec.setExecutor(executor);
    a.setSpec(spec);
    return a;
  }

  private SparkApplication writeStatus(
      SparkApplication app, App fleetApp, String state, String error, String executorState) {
    SparkApplicationStatus status = new SparkApplicationStatus();
    status.setApplicationState(new ApplicationState(state, error));
    status.setSubmissionId(fleetApp.submission.submissionId());
    status.setSparkApplicationId(fleetApp.submission.sparkAppId());
    status.setSubmissionAttempts(1);
    status.setExecutionAttempts(1);
    status.setLastSubmissionAttemptTime(now());
    DriverInfo driver = new DriverInfo();
    driver.setPodName(fleetApp.submission.driverPod());
    driver.setWebUIServiceName(fleetApp.name + "-ui-svc");
    driver.setWebUIPort(4040);
    driver.setWebUIAddress("172.20.31.7:4040");
    status.setDriverInfo(driver);
    Map<String, String> executors = new LinkedHashMap<>();
    int count = Math.max(fleetApp.executors, ApplicationStates.COMPLETED.equals(state) ? 12 : 0);
    for (int e = 1; e <= count; e++) {
      executors.put(fleetApp.submission.executorPod(e), executorState);
    }
    status.setExecutorState(executors);
    if (ApplicationStates.COMPLETED.equals(state)) {
      status.setTerminationTime(now());
    }
    app.setStatus(status);
    return client.resources(SparkApplication.class).resource(app).updateStatus();
  }

  /**
   * What the cluster shows when a run's executors are OOM-killed: four executors' containers end
   * {@code OOMKilled} (137), Spark deletes every executor, the driver exits 1 with its log tail as
   * its termination message, and the Spark operator writes FAILING then FAILED (as the simulator
   * does). {@code beforeFailed} runs just before the FAILED write (the clock starts there).
   */
  void fail(App app, Runnable beforeFailed) {
    String at = now();
    int oomKilled = Math.min(4, app.executorPods.size());
    Map<String, String> failedExecutors = new LinkedHashMap<>();
    for (int i = 0; i < oomKilled; i++) {
      Pod pod = app.executorPods.get(i);
      pod.setStatus(
          SparkPodShapes.terminated(
              pod.getStatus(),
              io.sparkmedic.crds.spark.SparkApplication.EXECUTOR_CONTAINER,
              137,
              "OOMKilled",
              at,
              null));
      client.pods().resource(pod).updateStatus();
      failedExecutors.put(pod.getMetadata().getName(), "FAILED");
    }
    app.latest = status(app, ApplicationStates.RUNNING, null, failedExecutors, null);
    for (Pod pod : app.executorPods) {
      client.pods().resource(pod).withGracePeriod(0).delete();
    }
    app.executorPods.clear();
    app.driverPod.setStatus(
        SparkPodShapes.terminated(
            app.driverPod.getStatus(),
            io.sparkmedic.crds.spark.SparkApplication.DRIVER_CONTAINER,
            1,
            "Error",
            at,
            DRIVER_LOG_TAIL.substring(Math.max(0, DRIVER_LOG_TAIL.length() - 4096))));
    app.driverPod = client.pods().resource(app.driverPod).updateStatus();
    String error = "driver container failed with ExitCode: 1, Reason: Error";
    app.latest = status(app, ApplicationStates.FAILING, error, Map.of(), at);
    beforeFailed.run();
    app.latest = status(app, ApplicationStates.FAILED, error, Map.of(), at);
  }

  /**
   * The Spark operator's restart after a spec change: the old driver goes, a new submission's
   * driver and executors come up, and the application is RUNNING again.
   */
  void restart(App app, SparkApplication patched) {
    client.pods().resource(app.driverPod).withGracePeriod(0).delete();
    app.submission = newSubmission(app, app.submission.appUid());
    String started = now();
    app.driverPod =
        createPod(SparkPodShapes.driver(app.submission, app.driverNode, DRIVER_MIB, started));
    for (int e = 0; e < app.executors; e++) {
      app.executorPods.add(
          createPod(
              SparkPodShapes.executor(
                  app.submission, e + 1, app.executorNodes.get(e), EXECUTOR_MIB, started)));
    }
    app.latest = patched;
    Map<String, String> executors = new LinkedHashMap<>();
    for (int e = 1; e <= app.executors; e++) {
      executors.put(app.submission.executorPod(e), "RUNNING");
    }
    for (int attempt = 0; ; attempt++) {
      try {
        SparkApplication fresh =
            client
                .resources(SparkApplication.class)
                .inNamespace(app.namespace)
                .withName(app.name)
                .get();
        SparkApplicationStatus status = fresh.getStatus();
        status.setApplicationState(new ApplicationState(ApplicationStates.RUNNING, null));
        status.setSubmissionId(app.submission.submissionId());
        status.setSparkApplicationId(app.submission.sparkAppId());
        status.setTerminationTime(null);
        status.setExecutorState(executors);
        status.setLastSubmissionAttemptTime(started);
        app.latest = client.resources(SparkApplication.class).resource(fresh).updateStatus();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 5) {
          throw e;
        }
      }
    }
  }

  /** Writes the status on the latest copy, re-reading it after a conflict. */
  private SparkApplication status(
      App app, String state, String error, Map<String, String> executorStates, String terminated) {
    SparkApplication current = app.latest;
    for (int attempt = 0; ; attempt++) {
      SparkApplicationStatus status = current.getStatus();
      status.setApplicationState(new ApplicationState(state, error));
      if (!executorStates.isEmpty()) {
        Map<String, String> merged = new LinkedHashMap<>(status.getExecutorState());
        merged.putAll(executorStates);
        status.setExecutorState(merged);
      }
      if (terminated != null) {
        status.setTerminationTime(terminated);
      }
      try {
        return client.resources(SparkApplication.class).resource(current).updateStatus();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 5) {
          throw e;
        }
        current =
            client
                .resources(SparkApplication.class)
                .inNamespace(app.namespace)
                .withName(app.name)
                .get();
      }
    }
  }

  /** A namespace's floor application: a running application with no pods. */
  App floorApp(String namespace, String name) {
    App app = new App(namespace, name, 0, "none");
    SparkApplication created = client.resource(application(app)).create();
    app.submission = newSubmission(app, created.getMetadata().getUid());
    app.latest = writeStatus(created, app, ApplicationStates.RUNNING, null, "RUNNING");
    return app;
  }

  /** The floor's failure: the same FAILING and FAILED writes, without pods. */
  void failFloor(App app, Runnable beforeFailed) {
    String at = now();
    String error = "driver container failed with ExitCode: 1, Reason: Error";
    app.latest = status(app, ApplicationStates.FAILING, error, Map.of(), at);
    beforeFailed.run();
    app.latest = status(app, ApplicationStates.FAILED, error, Map.of(), at);
  }

  /** Bytes of JSON one executor pod of the fleet takes, with or without its managedFields. */
  int executorPodJsonBytes(boolean managedFields) {
    App app = running.get(0);
    Pod pod = app.executorPods.get(0);
    Pod copy =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            io.fabric8.kubernetes.client.utils.Serialization.asJson(pod), Pod.class);
    if (!managedFields) {
      copy.getMetadata().setManagedFields(null);
    }
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(copy)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
        .length;
  }

  Random random() {
    return random;
  }
}
