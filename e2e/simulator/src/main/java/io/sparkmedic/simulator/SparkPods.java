package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
 * <p>Every pod carries the scheduling gate {@value #SCHEDULING_GATE}: on a real cluster that keeps
 * the scheduler and kubelets away from it, so only the simulator ever writes its status.
 */
final class SparkPods {

  static final String SCHEDULING_GATE = "sparkmedic.io/simulated";
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

  static Pod driver(SparkApplication app, Submission submission) {
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
        .addNewSchedulingGate()
        .withName(SCHEDULING_GATE)
        .endSchedulingGate()
        .addNewContainer()
        .withName(SparkApplication.DRIVER_CONTAINER)
        .withImage(spec.driverImage())
        .withArgs(args)
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
      SparkApplication app, Submission submission, int id, String driverName, String driverUid) {
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
        .addNewSchedulingGate()
        .withName(SCHEDULING_GATE)
        .endSchedulingGate()
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

  /** {@code Running}, its only container running since {@code startedAt}. */
  static PodStatus running(String container, String image, String startedAt) {
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
    return new PodStatusBuilder()
        .withPhase("Running")
        .withStartTime(startedAt)
        .withContainerStatuses(status)
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
            .withStartedAt(startedAt)
            .withFinishedAt(finishedAt)
            .endTerminated()
            .endState()
            .build();
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withStartTime(startedAt)
        .withContainerStatuses(status)
        .build();
  }

  static boolean ownedBy(Pod pod, String uid) {
    if (pod.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    return pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> KIND.equals(ref.getKind()) && uid.equals(ref.getUid()));
  }
}
