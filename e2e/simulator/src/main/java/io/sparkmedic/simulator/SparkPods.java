package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver and executor pods Spark on Kubernetes creates for a submission, with the labels,
 * container names and owner references of the real thing (research: spark-operators.md §2).
 *
 * <p>Every pod is created bound ({@code spec.nodeName}) to a node of {@link SimulatedNodes}, which
 * no kubelet serves, so only the simulator ever writes its status. The driver container has {@code
 * terminationMessagePolicy: FallbackToLogsOnError}: when it fails, the tail of its log is its
 * {@code state.terminated.message} ({@link DriverLogs}).
 */
final class SparkPods {

  static final String FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError";
  static final String DRIVER_ROLE = "driver";
  static final String EXECUTOR_ROLE = "executor";
  static final String KIND = "SparkApplication";
  static final String API_VERSION = SparkApplication.GROUP + "/" + SparkApplication.VERSION;

  private SparkPods() {}

  /** KF labels every pod with the CR's labels, except Kueue's (research §2). */
  static Map<String, String> baseLabels(SparkApplication app) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> appLabels = app.getMetadata().getLabels();
    if (appLabels != null) {
      appLabels.forEach(
          (k, v) -> {
            if (!k.startsWith("kueue.x-k8s.io/")) {
              labels.put(k, v);
            }
          });
    }
    return labels;
  }

  private static Map<String, String> sparkLabels(
      SparkApplication app, Submission submission, String role, Map<String, String> roleLabels) {
    Map<String, String> labels = baseLabels(app);
    labels.putAll(roleLabels);
    labels.put(SparkApplication.APP_NAME_LABEL, app.getMetadata().getName());
    labels.put(SparkApplication.LAUNCHED_BY_LABEL, "true");
    labels.put(SparkApplication.SUBMISSION_ID_LABEL, submission.submissionId());
    labels.put(SparkApplication.SPARK_APP_SELECTOR_LABEL, submission.sparkApplicationId());
    labels.put(SparkApplication.SPARK_ROLE_LABEL, role);
    return labels;
  }

  static OwnerReference appOwner(SparkApplication app, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withName(app.getMetadata().getName())
        .withUid(app.getMetadata().getUid())
        .withController(controller)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static Pod driver(SparkApplication app, Submission submission, String nodeName) {
    SubmittedSpec spec = submission.spec();
    List<String> args =
        new ArrayList<>(List.of("driver", "--properties-file", "/opt/spark/conf/spark.properties"));
    if (app.getSpec().getMainClass() != null) {
      args.add("--class");
      args.add(app.getSpec().getMainClass());
    }
    if (app.getSpec().getMainApplicationFile() != null) {
      args.add(app.getSpec().getMainApplicationFile());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(spec.driverPodName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(sparkLabels(app, submission, DRIVER_ROLE, spec.driverLabels()))
        .withOwnerReferences(appOwner(app, true))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeName(nodeName)
        .withNodeSelector(nodeSelector(spec.driverPlacement()))
        .withAffinity(spec.driverPlacement().affinity())
        .addNewContainer()
        .withName(SparkApplication.DRIVER_CONTAINER)
        .withImage(spec.driverImage())
        .withArgs(args)
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy(FALLBACK_TO_LOGS_ON_ERROR)
        .withEnv(
            new EnvVar("SPARK_APPLICATION_ID", submission.sparkApplicationId(), null),
            new EnvVar("SPARK_DRIVER_MEMORY", spec.driver().heapMiB() + "m", null))
        .withNewResources()
        .addToRequests("cpu", new Quantity(Integer.toString(spec.driverCores())))
        .addToRequests("memory", mebibytes(spec.driver().containerMiB()))
        .addToLimits("memory", mebibytes(spec.driver().containerMiB()))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  static Pod executor(
      SparkApplication app,
      Submission submission,
      int id,
      String driverName,
      String driverUid,
      String nodeName) {
    SubmittedSpec spec = submission.spec();
    Map<String, String> labels = sparkLabels(app, submission, EXECUTOR_ROLE, spec.executorLabels());
    labels.put(SparkApplication.SPARK_EXEC_ID_LABEL, Integer.toString(id));
    List<OwnerReference> owners = new ArrayList<>();
    // KF's executor template: a non-controller reference to the app (research §2)...
    owners.add(appOwner(app, false));
    // ...and Spark's own controller reference to the driver pod.
    if (driverUid != null) {
      owners.add(
          new OwnerReferenceBuilder()
              .withApiVersion("v1")
              .withKind("Pod")
              .withName(driverName)
              .withUid(driverUid)
              .withController(true)
              .build());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(submission.executorPodName(id))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(owners)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeName(nodeName)
        .withNodeSelector(nodeSelector(spec.executorPlacement()))
        .withAffinity(spec.executorPlacement().affinity())
        .addNewContainer()
        .withName(SparkApplication.EXECUTOR_CONTAINER)
        .withImage(spec.executorImage())
        .withArgs("executor")
        .withEnv(
            new EnvVar("SPARK_APPLICATION_ID", submission.sparkApplicationId(), null),
            new EnvVar("SPARK_EXECUTOR_ID", Integer.toString(id), null),
            new EnvVar("SPARK_EXECUTOR_MEMORY", spec.executor().heapMiB() + "m", null),
            new EnvVar("SPARK_EXECUTOR_CORES", Integer.toString(spec.executorCores()), null),
            new EnvVar("SPARK_EXECUTOR_POD_NAME", submission.executorPodName(id), null))
        .withNewResources()
        .addToRequests("cpu", new Quantity(Integer.toString(spec.executorCores())))
        .addToRequests("memory", mebibytes(spec.executor().containerMiB()))
        .addToLimits("memory", mebibytes(spec.executor().containerMiB()))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  static Quantity mebibytes(long mib) {
    return new Quantity(Long.toString(mib), "Mi");
  }

  private static Map<String, String> nodeSelector(Placement placement) {
    return placement.nodeSelector().isEmpty() ? null : placement.nodeSelector();
  }

  /** {@code Running}, its only container running since {@code startedAt}. */
  static PodStatus running(String container, String image, String startedAt) {
    return running(container, image, startedAt, null, null);
  }

  /** {@code Running} on a node ({@code hostIP}) with its own VPC address ({@code podIP}). */
  static PodStatus running(
      String container, String image, String startedAt, String hostIp, String podIp) {
    ContainerStatus status =
        new ContainerStatusBuilder()
            .withName(container)
            .withImage(image)
            .withReady(true)
            .withStarted(true)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning()
            .withStartedAt(startedAt)
            .endRunning()
            .endState()
            .build();
    return withAddresses(
            new PodStatusBuilder()
                .withPhase("Running")
                .withStartTime(startedAt)
                .withQosClass("Burstable")
                .withConditions(
                    condition("PodReadyToStartContainers", "True", null, startedAt),
                    condition("Initialized", "True", null, startedAt),
                    condition("Ready", "True", null, startedAt),
                    condition("ContainersReady", "True", null, startedAt),
                    condition("PodScheduled", "True", null, startedAt))
                .withContainerStatuses(status),
            hostIp,
            podIp)
        .build();
  }

  /**
   * {@code Failed} (or {@code Succeeded} for exit 0) with the container terminated: what the
   * kubelet reports after the JVM exits or the kernel OOM-kills the container.
   */
  static PodStatus terminated(
      String container,
      String image,
      int exitCode,
      String reason,
      String startedAt,
      String finishedAt) {
    return terminated(container, image, exitCode, reason, startedAt, finishedAt, null, null, null);
  }

  /**
   * The same, on a node, with the container's termination {@code message} (null for none: only a
   * failed container under {@code FallbackToLogsOnError} gets its log tail there).
   */
  static PodStatus terminated(
      String container,
      String image,
      int exitCode,
      String reason,
      String startedAt,
      String finishedAt,
      String hostIp,
      String podIp,
      String message) {
    ContainerStatus status =
        new ContainerStatusBuilder()
            .withName(container)
            .withImage(image)
            .withReady(false)
            .withStarted(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(startedAt)
            .withFinishedAt(finishedAt)
            .endTerminated()
            .endState()
            .build();
    return withAddresses(
            new PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withStartTime(startedAt)
                .withQosClass("Burstable")
                .withConditions(
                    condition("PodReadyToStartContainers", "False", null, finishedAt),
                    condition("Initialized", "True", null, startedAt),
                    condition("Ready", "False", "PodCompleted", finishedAt),
                    condition("ContainersReady", "False", "PodCompleted", finishedAt),
                    condition("PodScheduled", "True", null, startedAt))
                .withContainerStatuses(status),
            hostIp,
            podIp)
        .build();
  }

  /**
   * The condition the API server adds to a pod an eviction is about to delete: Karpenter drains a
   * node through the Eviction API (Kubernetes {@code DisruptionTarget} reasons, research:
   * remediation-anchors.md §3).
   */
  static PodCondition evictionTarget(String at) {
    return new PodConditionBuilder()
        .withType(DISRUPTION_TARGET)
        .withStatus("True")
        .withReason(EVICTION_BY_EVICTION_API)
        .withMessage("Eviction API: evicting")
        .withLastTransitionTime(at)
        .build();
  }

  static final String DISRUPTION_TARGET = "DisruptionTarget";
  static final String EVICTION_BY_EVICTION_API = "EvictionByEvictionAPI";

  /** Adds (or replaces) a condition of the same type. */
  static PodStatus withCondition(PodStatus status, PodCondition condition) {
    List<PodCondition> conditions = new ArrayList<>();
    if (status.getConditions() != null) {
      for (PodCondition existing : status.getConditions()) {
        if (!condition.getType().equals(existing.getType())) {
          conditions.add(existing);
        }
      }
    }
    conditions.add(condition);
    status.setConditions(conditions);
    return status;
  }

  private static PodCondition condition(String type, String status, String reason, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastTransitionTime(at)
        .build();
  }

  private static PodStatusBuilder withAddresses(
      PodStatusBuilder status, String hostIp, String podIp) {
    if (hostIp != null) {
      status.withHostIP(hostIp).addNewHostIP().withIp(hostIp).endHostIP();
    }
    if (podIp != null) {
      status.withPodIP(podIp).addNewPodIP().withIp(podIp).endPodIP();
    }
    return status;
  }

  static boolean ownedBy(Pod pod, String uid) {
    if (pod.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    return pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> KIND.equals(ref.getKind()) && uid.equals(ref.getUid()));
  }
}
