package io.sparkmedic.simulator;

import static io.sparkmedic.simulator.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes, spot interruptions, transient failures, code bugs and the driver's termination message,
 * against the fabric8 mock API server in CRUD mode. One server for the class; one namespace and one
 * simulator per test. Nodes and node Events are cluster-wide, so tests look only at the nodes their
 * own pods name.
 */
@EnableKubernetesMockClient(crud = true)
class NodesAndFaultsTest {

  private static final double TIME_SCALE = 600;
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final String CODE_BUG =
      "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view"
          + " `sales`.`orders_v2` cannot be found.";
  private static final String ON_DEMAND_EXECUTOR_TEMPLATE =
      "{\"spec\":{\"executor\":{\"template\":{\"spec\":{\"affinity\":{\"nodeAffinity\":"
          + "{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
          + "[{\"matchExpressions\":[{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\","
          + "\"values\":[\"on-demand\"]}]}]}}}}}}}}";

  static KubernetesClient client;

  private String ns;
  private SparkOperatorSimulator simulator;
  private SharedIndexInformer<Pod> podWatch;
  private SharedIndexInformer<Node> nodeWatch;

  /** Every version of every pod and node the test saw, in order. */
  private final List<Pod> podVersions = new CopyOnWriteArrayList<>();

  private final List<Node> nodeVersions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    ns = "nodes-" + NAMESPACES.incrementAndGet();
    start(new SimulatorOptions(ns, Duration.ofMillis(20), TIME_SCALE));
    podWatch = client.pods().inNamespace(ns).inform(recorder(podVersions));
    nodeWatch = client.nodes().inform(recorder(nodeVersions));
  }

  private void start(SimulatorOptions options) {
    if (simulator != null) {
      simulator.close();
    }
    simulator = new SparkOperatorSimulator(client, options);
    simulator.start();
  }

  @AfterEach
  void tearDown() {
    simulator.close();
    podWatch.close();
    nodeWatch.close();
  }

  // ---- nodes and placement ----

  @Test
  void executorsRunTogetherOnAKarpenterSpotNodeAndTheDriverOnOnDemand() {
    simulator.expect(ns, "etl", JobTruth.healthy(Duration.ofHours(1)));
    create(app("etl"));
    awaitState("etl", ApplicationStates.RUNNING);

    List<Pod> executors = executorPodsNow("etl");
    assertThat(executors).hasSize(2);
    Set<String> executorNodes = nodeNames(executors);
    assertThat(executorNodes).as("packed on one node").hasSize(1);
    Node node = client.nodes().withName(executorNodes.iterator().next()).get();
    String name = node.getMetadata().getName();
    assertThat(name).matches("ip-10-0-\\d{1,3}-\\d{1,3}\\.ec2\\.internal");
    assertThat(node.getMetadata().getLabels())
        .containsEntry("karpenter.sh/capacity-type", "spot")
        .containsEntry("karpenter.sh/nodepool", "default")
        .containsEntry("kubernetes.io/hostname", name)
        .containsEntry("topology.kubernetes.io/region", "us-east-1")
        .containsKey("node.kubernetes.io/instance-type")
        .doesNotContainKey("eks.amazonaws.com/capacityType");
    assertThat(node.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
        .matches("us-east-1[abc]");
    assertThat(node.getSpec().getProviderID()).matches("aws:///us-east-1[abc]/i-[0-9a-f]{17}");
    assertThat(node.getStatus().getConditions())
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String nodeIp = name.substring(3, name.indexOf('.')).replace('-', '.');
    assertThat(node.getStatus().getAddresses())
        .anyMatch(a -> "InternalIP".equals(a.getType()) && nodeIp.equals(a.getAddress()));
    for (Pod executor : executors) {
      assertThat(executor.getStatus().getHostIP()).isEqualTo(nodeIp);
      assertThat(executor.getStatus().getPodIP())
          .startsWith(nodeIp.substring(0, nodeIp.lastIndexOf('.') + 1));
    }

    Pod driver = client.pods().inNamespace(ns).withName("etl-driver").get();
    Node driverNode = client.nodes().withName(driver.getSpec().getNodeName()).get();
    assertThat(driverNode.getMetadata().getLabels())
        .containsEntry("karpenter.sh/capacity-type", "on-demand");
    assertThat(driverNode.getMetadata().getName()).isNotEqualTo(name);
    assertThat(driverNode.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
        .isEqualTo(node.getMetadata().getLabels().get("topology.kubernetes.io/zone"));
    assertThat(driver.getSpec().getContainers().get(0).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void anExecutorTemplateRequiringOnDemandPlacesExecutorsOnOnDemand() {
    simulator.expect(ns, "od", JobTruth.healthy(Duration.ofHours(1)));
    create(app("od"));
    apps().withName("od").patch(PatchContext.of(PatchType.JSON_MERGE), ON_DEMAND_EXECUTOR_TEMPLATE);
    awaitState("od", ApplicationStates.RUNNING);

    List<Pod> executors = executorPodsNow("od");
    assertThat(executors).isNotEmpty();
    for (String node : nodeNames(executors)) {
      assertThat(client.nodes().withName(node).get().getMetadata().getLabels())
          .containsEntry("karpenter.sh/capacity-type", "on-demand");
    }
    assertThat(
            executors
                .get(0)
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("on-demand");
  }

  @Test
  void manyExecutorsTakeTwoNodes() {
    simulator.expect(ns, "wide", JobTruth.healthy(Duration.ofHours(1)));
    SparkApplication app = app("wide");
    app.getSpec().getExecutor().setInstances(6);
    create(app);
    awaitState("wide", ApplicationStates.RUNNING);

    assertThat(nodeNames(executorPodsNow("wide"))).hasSize(2);
  }

  @Test
  void nodesGoWhenTheirPodsGo() {
    simulator.expect(ns, "tidy", JobTruth.healthy(FIVE_MINUTES));
    create(app("tidy"));
    awaitState("tidy", ApplicationStates.COMPLETED);

    Set<String> executorNodes = nodeNames(seen(isExecutorOf("tidy")));
    assertThat(executorNodes).hasSize(1);
    awaitUntil(
        () -> client.nodes().withName(executorNodes.iterator().next()).get() == null,
        () -> "executor node still there");
    String driverNode =
        client.pods().inNamespace(ns).withName("tidy-driver").get().getSpec().getNodeName();
    assertThat(client.nodes().withName(driverNode).get())
        .as("the completed driver pod still uses its node")
        .isNotNull();

    apps().withName("tidy").delete();
    awaitUntil(() -> client.nodes().withName(driverNode).get() == null, () -> "driver node");
  }

  // ---- spot interruptions ----

  @Test
  void aSpotInterruptionLooksLikeKarpenterDrainingTheNode() {
    simulator.expect(ns, "spot", JobTruth.healthy(FIVE_MINUTES).withSpotInterruptions(1));
    create(app("spot"));

    SparkApplication failed = awaitState("spot", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    assertThat(failed.getStatus().getExecutorState())
        .hasSize(2)
        .allSatisfy((pod, state) -> assertThat(state).isEqualTo("FAILED"));
    Set<String> spotNodes = nodeNames(seen(isExecutorOf("spot")));
    assertThat(spotNodes).hasSize(1);
    String spotNode = spotNodes.iterator().next();

    // The node: tainted by Karpenter before it went, then deleted.
    awaitUntil(
        () ->
            nodeVersions.stream()
                .filter(n -> spotNode.equals(n.getMetadata().getName()))
                .flatMap(n -> taints(n).stream())
                .anyMatch(t -> "karpenter.sh/disrupted".equals(t.getKey())),
        () -> "taint on " + spotNode);
    assertThat(
            nodeVersions.stream()
                .filter(n -> spotNode.equals(n.getMetadata().getName()))
                .flatMap(n -> taints(n).stream()))
        .anyMatch(
            t -> "karpenter.sh/disrupted".equals(t.getKey()) && "NoSchedule".equals(t.getEffect()));
    awaitUntil(() -> client.nodes().withName(spotNode).get() == null, () -> "node " + spotNode);

    // Karpenter's Events, recorded in default since a Node is cluster-scoped.
    List<Event> events = nodeEvents(spotNode);
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("SpotInterrupted");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).isEqualTo("Spot interruption warning was triggered");
              assertThat(e.getSource().getComponent()).isEqualTo("karpenter");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
            })
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("TerminatingOnInterruption"));

    // Each executor: marked for eviction, SIGTERM (143, not an OOM kill), then deleted.
    awaitUntil(
        () ->
            latestOf(seen(isExecutorOf("spot"))).stream()
                .allMatch(p -> terminated(p) != null && terminated(p).getExitCode() == 143),
        () -> describe("spot"));
    for (Pod executor : latestOf(seen(isExecutorOf("spot")))) {
      assertThat(disruption(executor)).isNotNull();
      assertThat(disruption(executor).getReason()).isEqualTo("EvictionByEvictionAPI");
      assertThat(terminated(executor).getExitCode()).isEqualTo(143);
      assertThat(terminated(executor).getReason()).isEqualTo("Error");
      assertThat(executor.getSpec().getNodeName()).isEqualTo(spotNode);
    }
    assertThat(seen(isExecutorOf("spot")))
        .noneMatch(p -> terminated(p) != null && "OOMKilled".equals(terminated(p).getReason()));
    assertThat(executorPodsNow("spot")).isEmpty();

    // The driver (on on-demand) lost its executors and exited 1; its log tail says why.
    Pod driver = client.pods().inNamespace(ns).withName("spot-driver").get();
    assertThat(terminated(driver).getExitCode()).isEqualTo(1);
    assertThat(disruption(driver)).isNull();
    String message = terminated(driver).getMessage();
    assertThat(message)
        .contains("was deleted by a user or the framework")
        .containsPattern(
            "ERROR TaskSchedulerImpl: Lost executor \\d on 10\\.0\\.\\d+\\.\\d+: The executor with id \\d was deleted by a user or the framework\\.");
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
  }

  @Test
  void afterMovingExecutorsToOnDemandTheNextRunCompletes() {
    simulator.expect(ns, "move", JobTruth.healthy(FIVE_MINUTES).withSpotInterruptions(5));
    create(app("move"));
    SparkApplication failed = awaitState("move", ApplicationStates.FAILED);

    apps()
        .withName("move")
        .patch(PatchContext.of(PatchType.JSON_MERGE), ON_DEMAND_EXECUTOR_TEMPLATE);

    awaitUntil(
        () -> {
          SparkApplication app = get("move");
          return ApplicationStates.COMPLETED.equals(app.getStatus().state())
              && !failed.getStatus().getSubmissionId().equals(app.getStatus().getSubmissionId());
        },
        () -> describe("move"));
    assertThat(
            simulator.history(ns, "move").stream().filter(l -> l.startsWith("spot interruption ")))
        .hasSize(1);
  }

  @Test
  void aDriverOnAReclaimedSpotNodeExits143() {
    start(
        new SimulatorOptions(ns, Duration.ofMillis(20), TIME_SCALE)
            .withDefaultDriverCapacity(CapacityType.SPOT)
            .withDefaultExecutorCapacity(CapacityType.ON_DEMAND));
    simulator.expect(ns, "drvspot", JobTruth.healthy(FIVE_MINUTES).withSpotInterruptions(1));
    create(app("drvspot"));

    SparkApplication failed = awaitState("drvspot", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 143, Reason: Error");
    awaitUntil(
        () -> {
          Pod seen = latestOf(seen(p -> "drvspot-driver".equals(p.getMetadata().getName()))).get(0);
          return terminated(seen) != null && terminated(seen).getExitCode() == 143;
        },
        () -> describe("drvspot"));
    Pod driver = latestOf(seen(p -> "drvspot-driver".equals(p.getMetadata().getName()))).get(0);
    assertThat(terminated(driver).getExitCode()).isEqualTo(143);
    assertThat(disruption(driver).getReason()).isEqualTo("EvictionByEvictionAPI");
    assertThat(terminated(driver).getMessage())
        .contains("INFO ShutdownHookManager: Shutdown hook called");
    String node = driver.getSpec().getNodeName();
    awaitUntil(
        () ->
            client.pods().inNamespace(ns).withName("drvspot-driver").get() == null
                && client.nodes().withName(node).get() == null,
        () -> describe("drvspot"));
    assertThat(nodeEvents(node)).anyMatch(e -> "SpotInterrupted".equals(e.getReason()));
  }

  @Test
  void memoryFailsFirstAndSpotInterruptionsStillComeOnceMemoryIsFixed() {
    simulator.expect(ns, "both", new JobTruth(0, 852, 0, 0, FIVE_MINUTES).withSpotInterruptions(1));
    create(app("both"));
    SparkApplication oom = awaitState("both", ApplicationStates.FAILED);
    awaitUntil(
        () ->
            seen(isExecutorOf("both")).stream()
                .anyMatch(p -> terminated(p) != null && terminated(p).getExitCode() == 137),
        () -> describe("both"));
    assertThat(seen(isExecutorOf("both")))
        .anyMatch(p -> terminated(p) != null && terminated(p).getExitCode() == 137);
    assertThat(seen(isExecutorOf("both"))).noneMatch(p -> disruption(p) != null);
    assertThat(terminated(client.pods().inNamespace(ns).withName("both-driver").get()).getMessage())
        .contains("exited with exit code 137(SIGKILL, possible container OOM).")
        .contains("termination reason: OOMKilled")
        .containsPattern("ERROR TaskSchedulerImpl: Lost executor \\d on 10\\.0\\.\\d+\\.\\d+: \n");

    apps()
        .withName("both")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"executor\":{\"memoryOverhead\":\"1g\"}}}");
    awaitUntil(
        () -> {
          SparkApplication app = get("both");
          return ApplicationStates.FAILED.equals(app.getStatus().state())
              && !oom.getStatus().getSubmissionId().equals(app.getStatus().getSubmissionId());
        },
        () -> describe("both"));
    awaitUntil(
        () ->
            seen(isExecutorOf("both")).stream()
                .anyMatch(p -> terminated(p) != null && terminated(p).getExitCode() == 143),
        () -> describe("both"));
    assertThat(seen(isExecutorOf("both")))
        .anyMatch(
            p ->
                disruption(p) != null
                    && terminated(p) != null
                    && terminated(p).getExitCode() == 143);
    assertThat(terminated(client.pods().inNamespace(ns).withName("both-driver").get()).getMessage())
        .contains("was deleted by a user or the framework");
  }

  // ---- transient failures and code bugs ----

  @Test
  void aTransientStorageFailureFailsOnceThenARestartCompletes() {
    simulator.expect(ns, "s3", JobTruth.healthy(FIVE_MINUTES).withTransientFailures(1));
    create(app("s3"));
    SparkApplication failed = awaitState("s3", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    assertThat(failed.getStatus().getExecutorState())
        .allSatisfy((pod, state) -> assertThat(state).isEqualTo("COMPLETED"));
    awaitUntil(
        () ->
            latestOf(seen(isExecutorOf("s3"))).stream()
                .allMatch(p -> terminated(p) != null && terminated(p).getExitCode() == 0),
        () -> describe("s3"));
    assertThat(latestOf(seen(isExecutorOf("s3"))))
        .hasSize(2)
        .allSatisfy(p -> assertThat(terminated(p).getExitCode()).isZero());
    String message =
        terminated(client.pods().inNamespace(ns).withName("s3-driver").get()).getMessage();
    assertThat(message)
        .contains("Status Code: 503; Error Code: SlowDown")
        .contains("Exception in thread \"main\" org.apache.spark.SparkException: Job aborted.")
        .contains(
            "Caused by: com.amazonaws.services.s3.model.AmazonS3Exception: Please reduce your request rate.");
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);

    apps()
        .withName("s3")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"sparkConf\":{\"spark.sql.shuffle.partitions\":\"400\"}}}");
    awaitUntil(
        () -> {
          SparkApplication app = get("s3");
          return ApplicationStates.COMPLETED.equals(app.getStatus().state())
              && !failed.getStatus().getSubmissionId().equals(app.getStatus().getSubmissionId());
        },
        () -> describe("s3"));
    assertThat(terminated(client.pods().inNamespace(ns).withName("s3-driver").get()).getMessage())
        .as("a success leaves no termination message")
        .isNull();
  }

  @Test
  void aCodeBugFailsEveryRunWhateverTheSpec() {
    simulator.expect(ns, "bug", JobTruth.healthy(FIVE_MINUTES).withCodeBug(CODE_BUG));
    create(app("bug"));
    SparkApplication first = awaitState("bug", ApplicationStates.FAILED);
    assertThat(first.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    assertEndsWithException(driverMessage("bug"));

    apps()
        .withName("bug")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"executor\":{\"memory\":\"8g\",\"memoryOverhead\":\"2g\"}}}");
    apps()
        .withName("bug")
        .patch(PatchContext.of(PatchType.JSON_MERGE), ON_DEMAND_EXECUTOR_TEMPLATE);
    awaitUntil(
        () -> {
          SparkApplication app = get("bug");
          return ApplicationStates.FAILED.equals(app.getStatus().state())
              && !first.getStatus().getSubmissionId().equals(app.getStatus().getSubmissionId())
              && app.getMetadata().getGeneration() == 3L;
        },
        () -> describe("bug"));
    assertEndsWithException(driverMessage("bug"));
    assertThat(simulator.history(ns, "bug").stream().filter(l -> l.startsWith("code bug: ")))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  private void assertEndsWithException(String message) {
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    String exception = "Exception in thread \"main\" " + CODE_BUG + "\n";
    assertThat(message).contains(exception);
    String after = message.substring(message.lastIndexOf(exception) + exception.length());
    assertThat(after.lines()).hasSizeBetween(2, 3).allMatch(l -> l.startsWith("\tat "));
  }

  // ---- helpers ----

  private String driverMessage(String app) {
    return terminated(client.pods().inNamespace(ns).withName(app + "-driver").get()).getMessage();
  }

  private SparkApplication app(String name) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.1");
    spec.setImage("spark:3.5.1");
    spec.setMainClass("org.example.SalesJob");
    spec.setMainApplicationFile("local:///opt/spark/jobs/job.jar");
    DriverSpec driver = new DriverSpec();
    driver.setCores(1);
    driver.setMemory("1g");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setInstances(2);
    executor.setCores(1);
    executor.setMemory("2g");
    spec.setExecutor(executor);
    app.setSpec(spec);
    return app;
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          SparkApplication,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<SparkApplication>,
          io.fabric8.kubernetes.client.dsl.Resource<SparkApplication>>
      apps() {
    return client.resources(SparkApplication.class).inNamespace(ns);
  }

  private void create(SparkApplication app) {
    apps().resource(app).create();
  }

  private SparkApplication get(String name) {
    return apps().withName(name).get();
  }

  private SparkApplication awaitState(String name, String state) {
    awaitUntil(
        () -> {
          SparkApplication app = get(name);
          return app != null && app.getStatus() != null && state.equals(app.getStatus().state());
        },
        () -> describe(name));
    return get(name);
  }

  private static <T> ResourceEventHandler<T> recorder(List<T> versions) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        versions.add(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        versions.add(newObj);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {}
    };
  }

  private List<Pod> seen(Predicate<Pod> filter) {
    return podVersions.stream().filter(filter).toList();
  }

  /** The last version seen of each pod. */
  private static List<Pod> latestOf(List<Pod> versions) {
    return versions.stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(), p -> p, (a, b) -> b, java.util.LinkedHashMap::new))
        .values()
        .stream()
        .toList();
  }

  private static Predicate<Pod> isExecutorOf(String app) {
    return pod ->
        app.equals(pod.getMetadata().getLabels().get(SparkApplication.APP_NAME_LABEL))
            && "executor"
                .equals(pod.getMetadata().getLabels().get(SparkApplication.SPARK_ROLE_LABEL));
  }

  private List<Pod> executorPodsNow(String app) {
    return client
        .pods()
        .inNamespace(ns)
        .withLabel(SparkApplication.APP_NAME_LABEL, app)
        .withLabel(SparkApplication.SPARK_ROLE_LABEL, "executor")
        .list()
        .getItems();
  }

  private static Set<String> nodeNames(List<Pod> pods) {
    return pods.stream()
        .map(p -> p.getSpec().getNodeName())
        .filter(Objects::nonNull)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  private static List<Taint> taints(Node node) {
    return node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }

  /**
   * Events about a node, listed in {@code default} and filtered here: the mock server answers a
   * field selector on {@code involvedObject.*} with an empty list.
   */
  private static List<Event> nodeEvents(String node) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "Node".equals(e.getInvolvedObject().getKind()))
        .filter(e -> node.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod == null
        || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }

  private static PodCondition disruption(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }

  private String describe(String name) {
    SparkApplication app = get(name);
    return "state: "
        + (app == null || app.getStatus() == null ? null : app.getStatus().state())
        + "\nhistory:\n  "
        + String.join("\n  ", simulator.history(ns, name))
        + "\npods: "
        + client.pods().inNamespace(ns).list().getItems().stream()
            .map(p -> p.getMetadata().getName() + "(" + p.getStatus().getPhase() + ")")
            .toList()
        + "\nnodes seen: "
        + nodeVersions.stream().map(n -> n.getMetadata().getName()).distinct().toList();
  }
}
