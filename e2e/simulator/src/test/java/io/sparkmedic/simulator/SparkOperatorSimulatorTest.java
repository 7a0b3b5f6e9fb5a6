package io.sparkmedic.simulator;

import static io.sparkmedic.simulator.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * The simulator against the fabric8 mock API server in CRUD mode. One server for the class (static
 * fields), one namespace and one simulator per test.
 */
@EnableKubernetesMockClient(crud = true)
class SparkOperatorSimulatorTest {

  /** 600 simulated seconds per real second: a ten-minute job takes one real second. */
  private static final double TIME_SCALE = 600;

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;

  private String ns;
  private SparkOperatorSimulator simulator;
  private SharedIndexInformer<Pod> podWatch;
  private SharedIndexInformer<SparkApplication> appWatch;

  /** Every version of every pod the test saw, in order. */
  private final List<Pod> podVersions = new CopyOnWriteArrayList<>();

  /** Every application state the test saw, in order, as {@code name=STATE}. */
  private final List<String> appStates = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    ns = "sim-" + NAMESPACES.incrementAndGet();
    simulator =
        new SparkOperatorSimulator(
            client, new SimulatorOptions(ns, Duration.ofMillis(20), TIME_SCALE));
    simulator.start();
    podWatch =
        client
            .pods()
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    podVersions.add(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {
                    podVersions.add(newPod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean finalStateUnknown) {}
                });
    appWatch =
        client
            .resources(SparkApplication.class)
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(SparkApplication app) {
                    recordState(app);
                  }

                  @Override
                  public void onUpdate(SparkApplication oldApp, SparkApplication newApp) {
                    recordState(newApp);
                  }

                  @Override
                  public void onDelete(SparkApplication app, boolean finalStateUnknown) {}
                });
  }

  @AfterEach
  void tearDown() {
    simulator.close();
    podWatch.close();
    appWatch.close();
  }

  @Test
  void healthyJobRunsToCompletionWithSparkShapedPods() {
    simulator.expect(ns, "etl", JobTruth.healthy(FIVE_MINUTES));
    create(app("etl"));

    SparkApplication done = awaitState("etl", ApplicationStates.COMPLETED);

    assertThat(statesOf("etl"))
        .containsSubsequence(
            ApplicationStates.SUBMITTED,
            ApplicationStates.RUNNING,
            ApplicationStates.SUCCEEDING,
            ApplicationStates.COMPLETED)
        .doesNotContain(ApplicationStates.FAILING, ApplicationStates.FAILED);
    SparkApplicationStatus status = done.getStatus();
    assertThat(status.getSubmissionId()).matches("[0-9a-f-]{36}");
    assertThat(status.getSubmissionAttempts()).isEqualTo(1);
    assertThat(status.getExecutionAttempts()).isEqualTo(1);
    assertThat(status.getLastSubmissionAttemptTime()).isNotBlank();
    assertThat(status.getTerminationTime()).isNotBlank();
    assertThat(status.getSparkApplicationId()).matches("spark-[0-9a-f]{32}");
    assertThat(status.getDriverInfo().getPodName()).isEqualTo("etl-driver");
    assertThat(status.getApplicationState().getErrorMessage()).isNull();
    assertThat(status.getExecutorState())
        .hasSize(2)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("COMPLETED"));

    // The driver pod: KF and Spark labels, the CR's labels, a controller reference to the app.
    Pod driver = client.pods().inNamespace(ns).withName("etl-driver").get();
    assertThat(driver.getMetadata().getLabels())
        .containsEntry(SparkApplication.APP_NAME_LABEL, "etl")
        .containsEntry(SparkApplication.LAUNCHED_BY_LABEL, "true")
        .containsEntry(SparkApplication.SUBMISSION_ID_LABEL, status.getSubmissionId())
        .containsEntry(SparkApplication.SPARK_ROLE_LABEL, "driver")
        .containsEntry(SparkApplication.SPARK_APP_SELECTOR_LABEL, status.getSparkApplicationId())
        .containsEntry("team", "data");
    OwnerReference owner = driver.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    assertThat(owner.getKind()).isEqualTo("SparkApplication");
    assertThat(owner.getUid()).isEqualTo(done.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
    assertThat(driver.getSpec().getContainers().get(0).getName())
        .isEqualTo(SparkApplication.DRIVER_CONTAINER);
    assertThat(driver.getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("memory", new Quantity("1408", "Mi"));
    assertThat(driver.getStatus().getPhase()).isEqualTo("Succeeded");
    ContainerStateTerminated driverEnd =
        driver.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(driverEnd.getExitCode()).isZero();
    assertThat(driverEnd.getReason()).isEqualTo("Completed");

    // Executors: were Running with Spark's names and labels, and are gone now.
    List<Pod> executors = seen(isExecutorOf("etl"));
    Set<String> names = executors.stream().map(p -> p.getMetadata().getName()).collect(toSet());
    assertThat(names).hasSize(2).allMatch(n -> n.matches("etl-[0-9a-f]{16}-exec-[12]"));
    assertThat(names.stream().map(n -> n.substring(0, n.lastIndexOf("-exec-"))).distinct())
        .hasSize(1);
    assertThat(executors).anyMatch(p -> "Running".equals(p.getStatus().getPhase()));
    Pod executor = executors.get(0);
    assertThat(executor.getMetadata().getLabels())
        .containsEntry(SparkApplication.APP_NAME_LABEL, "etl")
        .containsEntry(SparkApplication.LAUNCHED_BY_LABEL, "true")
        .containsEntry(SparkApplication.SUBMISSION_ID_LABEL, status.getSubmissionId())
        .containsEntry(SparkApplication.SPARK_ROLE_LABEL, "executor")
        .containsEntry(SparkApplication.SPARK_APP_SELECTOR_LABEL, status.getSparkApplicationId())
        .containsKey(SparkApplication.SPARK_EXEC_ID_LABEL)
        .containsEntry("team", "data");
    assertThat(executor.getMetadata().getOwnerReferences())
        .anyMatch(
            ref ->
                "SparkApplication".equals(ref.getKind())
                    && !Boolean.TRUE.equals(ref.getController())
                    && done.getMetadata().getUid().equals(ref.getUid()));
    assertThat(executor.getSpec().getContainers().get(0).getName())
        .isEqualTo(SparkApplication.EXECUTOR_CONTAINER);
    assertThat(executor.getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("memory", new Quantity("2432", "Mi"));
    assertThat(executorPodsNow("etl")).isEmpty();
  }

  @Test
  void executorOverheadShortfallOomKillsExecutorsThenFailsTheDriver() {
    // 2g heap + 384m default overhead = 2432Mi; the job needs 2048 + 852 = 2900Mi.
    simulator.expect(ns, "oom", new JobTruth(0, 852, 0, 0, FIVE_MINUTES));
    create(app("oom"));

    SparkApplication failed = awaitState("oom", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    assertThat(failed.getStatus().getTerminationTime()).isNotBlank();
    assertThat(failed.getStatus().getExecutorState())
        .hasSize(2)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("FAILED"));
    assertThat(statesOf("oom"))
        .containsSubsequence(
            ApplicationStates.RUNNING, ApplicationStates.FAILING, ApplicationStates.FAILED)
        .doesNotContain(ApplicationStates.SUCCEEDING, ApplicationStates.COMPLETED);

    List<Pod> killed = seen(isExecutorOf("oom").and(terminatedWith(137)));
    assertThat(killed.stream().map(p -> p.getMetadata().getName()).distinct()).hasSize(2);
    for (Pod pod : killed) {
      ContainerStateTerminated end = terminated(pod);
      assertThat(end.getReason()).isEqualTo("OOMKilled");
      assertThat(end.getStartedAt()).isNotBlank();
      assertThat(end.getFinishedAt()).isNotBlank();
      assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
      assertThat(pod.getStatus().getContainerStatuses().get(0).getName())
          .isEqualTo(SparkApplication.EXECUTOR_CONTAINER);
    }
    assertThat(executorPodsNow("oom")).as("deleteOnTermination defaults to true").isEmpty();

    Pod driver = client.pods().inNamespace(ns).withName("oom-driver").get();
    assertThat(driver.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(terminated(driver).getExitCode()).isEqualTo(1);
    assertThat(terminated(driver).getReason()).isEqualTo("Error");
    assertThat(simulator.history(ns, "oom"))
        .contains(
            "executor 1 OOMKilled (137): needs 2900m, container limit 2432m",
            "driver failed: ExitCode 1");
  }

  @Test
  void executorHeapShortfallExits52AndFailedPodsAreKeptWithoutDeleteOnTermination() {
    simulator.expect(ns, "heap", new JobTruth(3000, 0, 0, 0, FIVE_MINUTES));
    SparkApplication app = app("heap");
    app.getSpec().getExecutor().setDeleteOnTermination(false);
    create(app);

    SparkApplication failed = awaitState("heap", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    List<Pod> kept = executorPodsNow("heap");
    assertThat(kept).hasSize(2);
    for (Pod pod : kept) {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
      assertThat(terminated(pod).getExitCode()).isEqualTo(52);
      assertThat(terminated(pod).getReason()).isEqualTo("Error");
    }
    assertThat(simulator.history(ns, "heap"))
        .contains("executor 2 JVM OOM (52): heap needs 3000m, spark.executor.memory 2048m");
  }

  @Test
  void driverOverheadShortfallIsOomKilled() {
    simulator.expect(ns, "drv", new JobTruth(0, 0, 0, 1000, FIVE_MINUTES));
    create(app("drv"));

    SparkApplication failed = awaitState("drv", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 137, Reason: OOMKilled");
    Pod driver = client.pods().inNamespace(ns).withName("drv-driver").get();
    assertThat(terminated(driver).getExitCode()).isEqualTo(137);
    assertThat(terminated(driver).getReason()).isEqualTo("OOMKilled");
    assertThat(seen(isExecutorOf("drv").and(terminatedWith(137)))).isEmpty();
    assertThat(executorPodsNow("drv")).isEmpty();
  }

  @Test
  void driverHeapShortfallExits52() {
    simulator.expect(ns, "drvheap", new JobTruth(0, 0, 2048, 0, FIVE_MINUTES));
    create(app("drvheap"));

    SparkApplication failed = awaitState("drvheap", ApplicationStates.FAILED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 52, Reason: Error");
    assertThat(simulator.history(ns, "drvheap"))
        .contains("driver JVM OOM (52): heap needs 2048m, spark.driver.memory 1024m");
  }

  @Test
  void specFixAfterFailureResubmitsWithNewSubmissionAndCompletes() {
    simulator.expect(ns, "fixme", new JobTruth(0, 852, 0, 0, FIVE_MINUTES));
    create(app("fixme"));
    SparkApplication failed = awaitState("fixme", ApplicationStates.FAILED);
    String firstSubmission = failed.getStatus().getSubmissionId();
    assertThat(failed.getMetadata().getGeneration()).isEqualTo(1L);

    apps()
        .withName("fixme")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"executor\":{\"memoryOverhead\":\"1g\"}}}");

    awaitUntil(
        () -> {
          SparkApplication app = get("fixme");
          return ApplicationStates.COMPLETED.equals(app.getStatus().state())
              && !firstSubmission.equals(app.getStatus().getSubmissionId());
        },
        () -> describe("fixme"));
    SparkApplication done = get("fixme");
    assertThat(done.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(done.getStatus().getSubmissionAttempts()).isEqualTo(1);
    assertThat(done.getStatus().getExecutionAttempts()).isEqualTo(1);
    assertThat(done.getStatus().getApplicationState().getErrorMessage()).isNull();
    assertThat(statesOf("fixme"))
        .containsSubsequence(
            ApplicationStates.FAILED,
            ApplicationStates.INVALIDATING,
            ApplicationStates.PENDING_RERUN,
            ApplicationStates.SUBMITTED,
            ApplicationStates.RUNNING,
            ApplicationStates.COMPLETED);
    assertThat(simulator.history(ns, "fixme"))
        .anyMatch(line -> line.startsWith("spec changed (generation 1 → 2)"))
        .anyMatch(line -> line.startsWith("spec changed: INVALIDATING → PENDING_RERUN"));
    // The second run's executors got the new overhead.
    assertThat(
            seen(isExecutorOf("fixme")).stream()
                .filter(
                    p ->
                        done.getStatus()
                            .getSubmissionId()
                            .equals(
                                p.getMetadata()
                                    .getLabels()
                                    .get(SparkApplication.SUBMISSION_ID_LABEL)))
                .map(p -> p.getSpec().getContainers().get(0).getResources().getLimits())
                .distinct())
        .containsExactly(Map.of("memory", new Quantity("3072", "Mi")));
  }

  @Test
  void specChangeWhileRunningKillsTheRunAndSubmitsTheNewSpec() {
    simulator.expect(ns, "busy", JobTruth.healthy(Duration.ofMinutes(10)));
    create(app("busy"));
    awaitState("busy", ApplicationStates.RUNNING);
    String first = get("busy").getStatus().getSubmissionId();

    apps()
        .withName("busy")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"executor\":{\"instances\":3}}}");

    awaitUntil(
        () -> {
          SparkApplication app = get("busy");
          return ApplicationStates.RUNNING.equals(app.getStatus().state())
              && !first.equals(app.getStatus().getSubmissionId());
        },
        () -> describe("busy"));
    SparkApplication rerun = get("busy");
    assertThat(rerun.getStatus().getExecutorState()).hasSize(3);
    assertThat(executorPodsNow("busy"))
        .hasSize(3)
        .allMatch(
            p ->
                rerun
                    .getStatus()
                    .getSubmissionId()
                    .equals(p.getMetadata().getLabels().get(SparkApplication.SUBMISSION_ID_LABEL)));
  }

  @Test
  void onFailureRetriesTheSameSpecThenFails() {
    simulator.expect(ns, "flaky", new JobTruth(0, 100_000, 0, 0, FIVE_MINUTES));
    SparkApplication app = app("flaky");
    RestartPolicy policy = new RestartPolicy();
    policy.setType(RestartPolicy.ON_FAILURE);
    policy.setOnFailureRetries(2);
    policy.setOnFailureRetryInterval(10L);
    app.getSpec().setRestartPolicy(policy);
    create(app);

    SparkApplication failed = awaitState("flaky", ApplicationStates.FAILED);

    assertThat(failed.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(failed.getStatus().getSubmissionAttempts()).isEqualTo(3);
    assertThat(failed.getStatus().getExecutionAttempts()).isEqualTo(3);
    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("driver container failed with ExitCode: 1, Reason: Error");
    List<String> submissions =
        simulator.history(ns, "flaky").stream().filter(l -> l.startsWith("submitted ")).toList();
    assertThat(submissions).hasSize(3);
    assertThat(submissions.get(0)).contains("(attempt 1)");
    assertThat(submissions.get(2)).contains("(attempt 3)");
    List<Pod> drivers = seen(p -> "flaky-driver".equals(p.getMetadata().getName()));
    assertThat(
            drivers.stream()
                .map(p -> p.getMetadata().getLabels().get(SparkApplication.SUBMISSION_ID_LABEL))
                .distinct())
        .hasSize(3);
    assertThat(
            drivers.stream().map(p -> p.getSpec().getContainers().get(0).getResources()).distinct())
        .as("the same spec every time")
        .hasSize(1);
    assertThat(statesOf("flaky"))
        .containsSubsequence(
            ApplicationStates.FAILING,
            ApplicationStates.PENDING_RERUN,
            ApplicationStates.SUBMITTED,
            ApplicationStates.FAILING,
            ApplicationStates.PENDING_RERUN,
            ApplicationStates.SUBMITTED,
            ApplicationStates.FAILING,
            ApplicationStates.FAILED);
  }

  @Test
  void unknownFieldsSurviveStatusWrites() {
    simulator.expect(ns, "keep", JobTruth.healthy(Duration.ofMinutes(10)));
    SparkApplication app = app("keep");
    app.getSpec().setUnknownField("futureField", Map.of("nested", List.of(1, 2, 3)));
    app.getSpec().getDriver().setUnknownField("serviceAccount", "spark");
    app.getSpec().getExecutor().setUnknownField("javaOptions", "-XX:+UseG1GC");
    app.getMetadata().setAnnotations(Map.of("owner", "data-team"));
    create(app);
    awaitState("keep", ApplicationStates.RUNNING);

    // Someone else's status field, written while the job runs.
    apps()
        .withName("keep")
        .editStatus(
            a -> {
              a.getStatus().setUnknownField("observedBy", "sparkmedic");
              return a;
            });
    awaitState("keep", ApplicationStates.COMPLETED);

    GenericKubernetesResource raw =
        client
            .genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
            .inNamespace(ns)
            .withName("keep")
            .get();
    assertThat(raw.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(raw.getMetadata().getAnnotations()).containsEntry("owner", "data-team");
    Map<String, Object> spec = map(raw.getAdditionalProperties().get("spec"));
    assertThat(spec).containsEntry("futureField", Map.of("nested", List.of(1, 2, 3)));
    assertThat(map(spec.get("driver"))).containsEntry("serviceAccount", "spark");
    assertThat(map(spec.get("executor"))).containsEntry("javaOptions", "-XX:+UseG1GC");
    Map<String, Object> status = map(raw.getAdditionalProperties().get("status"));
    assertThat(status).containsEntry("observedBy", "sparkmedic");
    assertThat(map(status.get("applicationState"))).containsEntry("state", "COMPLETED");
  }

  @Test
  void unparseableMemoryIsASubmissionFailure() {
    SparkApplication app = app("typo");
    app.getSpec().getExecutor().setMemory("1.5g");
    create(app);

    SparkApplication failed = awaitState("typo", ApplicationStates.FAILED);

    assertThat(statesOf("typo")).containsSubsequence("SUBMISSION_FAILED", "FAILED");
    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .startsWith("failed to submit spark application: failed to run spark-submit: ")
        .contains("Fractional values are not supported. Input was: 1.5");
    assertThat(failed.getStatus().getSubmissionAttempts()).isEqualTo(1);
    assertThat(failed.getStatus().getExecutionAttempts()).isNull();
    assertThat(seen(p -> true)).isEmpty();

    // Fixing the spec resubmits it.
    apps()
        .withName("typo")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"executor\":{\"memory\":\"2g\"}}}");
    awaitState("typo", ApplicationStates.RUNNING);
  }

  @Test
  void metadataOnlyChangesDoNotRestart() {
    simulator.expect(ns, "meta", JobTruth.healthy(Duration.ofSeconds(30)));
    create(app("meta"));
    SparkApplication done = awaitState("meta", ApplicationStates.COMPLETED);

    apps()
        .withName("meta")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"touched\":\"yes\"},\"annotations\":{\"a\":\"b\"}}}");
    awaitUntil(
        () -> get("meta").getMetadata().getLabels().containsKey("touched"), () -> "label patch");
    long ticks = simulator.ticks();
    awaitUntil(() -> simulator.ticks() >= ticks + 10, () -> "ticks");

    SparkApplication after = get("meta");
    assertThat(after.getMetadata().getGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(after.getStatus().state()).isEqualTo(ApplicationStates.COMPLETED);
    assertThat(after.getStatus().getSubmissionId()).isEqualTo(done.getStatus().getSubmissionId());
    assertThat(simulator.history(ns, "meta")).noneMatch(line -> line.contains("spec changed"));
  }

  @Test
  void changingOnlyTimeToLiveDoesNotRestart() {
    simulator.expect(ns, "ttl", JobTruth.healthy(Duration.ofSeconds(30)));
    create(app("ttl"));
    SparkApplication done = awaitState("ttl", ApplicationStates.COMPLETED);

    apps()
        .withName("ttl")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"timeToLiveSeconds\":3600}}");

    awaitUntil(
        () ->
            simulator.history(ns, "ttl").stream()
                .anyMatch(l -> l.contains("only suspend/timeToLiveSeconds changed")),
        () -> describe("ttl"));
    SparkApplication after = get("ttl");
    assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(after.getStatus().state()).isEqualTo(ApplicationStates.COMPLETED);
    assertThat(after.getStatus().getSubmissionId()).isEqualTo(done.getStatus().getSubmissionId());
  }

  @Test
  void driverPodNameClashIsASubmissionFailureAndOtherAppsCarryOn() {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("clash-driver")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("squatter")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();
    create(app("clash"));
    create(app("bystander"));

    SparkApplication failed = awaitState("clash", ApplicationStates.FAILED);
    awaitState("bystander", ApplicationStates.COMPLETED);

    assertThat(failed.getStatus().getApplicationState().getErrorMessage())
        .isEqualTo("failed to submit spark application: driver pod already exist");
    assertThat(
            client.pods().inNamespace(ns).withName("clash-driver").get().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("squatter");
  }

  @Test
  void aRestartedSimulatorAdoptsFinishedApplications() {
    simulator.expect(ns, "old", JobTruth.healthy(Duration.ofSeconds(30)));
    create(app("old"));
    SparkApplication done = awaitState("old", ApplicationStates.COMPLETED);
    simulator.close();

    simulator =
        new SparkOperatorSimulator(
            client, new SimulatorOptions(ns, Duration.ofMillis(20), TIME_SCALE));
    simulator.start();
    awaitUntil(
        () -> simulator.history(ns, "old").contains("adopted in state COMPLETED"),
        () -> describe("old"));
    assertThat(get("old").getStatus().getSubmissionId())
        .isEqualTo(done.getStatus().getSubmissionId());

    apps()
        .withName("old")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"executor\":{\"memory\":\"3g\"}}}");
    awaitUntil(
        () -> {
          SparkApplication app = get("old");
          return ApplicationStates.COMPLETED.equals(app.getStatus().state())
              && !done.getStatus().getSubmissionId().equals(app.getStatus().getSubmissionId());
        },
        () -> describe("old"));
  }

  @Test
  void deletingTheApplicationRemovesItsPods() {
    simulator.expect(ns, "gone", JobTruth.healthy(Duration.ofHours(1)));
    create(app("gone"));
    awaitState("gone", ApplicationStates.RUNNING);
    assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(3);

    apps().withName("gone").delete();

    awaitUntil(
        () -> client.pods().inNamespace(ns).list().getItems().isEmpty(), () -> describe("gone"));
    awaitUntil(
        () -> simulator.history(ns, "gone").stream().anyMatch(l -> l.contains("deleted")),
        () -> describe("gone"));
  }

  @Test
  void applicationsWithoutTruthAreHealthy() {
    create(app("plain"));
    awaitState("plain", ApplicationStates.COMPLETED);
    // The history line follows the status write.
    awaitUntil(() -> simulator.history(ns, "plain").contains("COMPLETED"), () -> describe("plain"));
    assertThat(simulator.history(ns, "plain")).last().isEqualTo("COMPLETED");
  }

  @Test
  void closeIsIdempotent() {
    SparkOperatorSimulator other =
        new SparkOperatorSimulator(client, SimulatorOptions.defaults().withNamespace(ns));
    other.start();
    other.close();
    other.close();
    assertThat(simulator.history(ns, "nothing")).isEmpty();
  }

  // ---- helpers ----

  private SparkApplication app(String name) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .addToLabels("team", "data")
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.1");
    spec.setImage("spark:3.5.1");
    spec.setMainClass("org.example.Job");
    spec.setMainApplicationFile("local:///opt/spark/jobs/job.jar");
    spec.setUnknownField("mode", "cluster");
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

  private void recordState(SparkApplication app) {
    String state = app.getStatus() == null ? "" : app.getStatus().state();
    String entry = app.getMetadata().getName() + "=" + state;
    if (appStates.isEmpty() || !appStates.get(appStates.size() - 1).equals(entry)) {
      appStates.add(entry);
    }
  }

  /** The states the test's watch saw for one application, consecutive duplicates removed. */
  private List<String> statesOf(String name) {
    List<String> states = new ArrayList<>();
    for (String entry : appStates) {
      if (entry.startsWith(name + "=")) {
        String state = entry.substring(name.length() + 1);
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
          states.add(state);
        }
      }
    }
    return states;
  }

  private List<Pod> seen(Predicate<Pod> filter) {
    return podVersions.stream().filter(filter).toList();
  }

  private static Predicate<Pod> isExecutorOf(String app) {
    return pod ->
        app.equals(pod.getMetadata().getLabels().get(SparkApplication.APP_NAME_LABEL))
            && "executor"
                .equals(pod.getMetadata().getLabels().get(SparkApplication.SPARK_ROLE_LABEL));
  }

  private static Predicate<Pod> terminatedWith(int exitCode) {
    return pod -> {
      ContainerStateTerminated end = terminated(pod);
      return end != null && end.getExitCode() == exitCode;
    };
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(LinkedHashSet::new);
  }

  private String describe(String name) {
    SparkApplication app = get(name);
    return "state: "
        + (app == null || app.getStatus() == null ? null : app.getStatus().state())
        + "\nstates seen: "
        + statesOf(name)
        + "\nhistory:\n  "
        + String.join("\n  ", simulator.history(ns, name))
        + "\npods: "
        + client.pods().inNamespace(ns).list().getItems().stream()
            .map(p -> p.getMetadata().getName() + "(" + p.getStatus().getPhase() + ")")
            .filter(Objects::nonNull)
            .toList();
  }
}
