package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.ContainerWaiting;
import io.sparkmedic.remediation.signal.SparkRole;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads how the Spark container of a driver or executor pod ended. Only the Spark container counts:
 * a sidecar's exit code says nothing about Spark (SPARK-49804).
 */
public final class PodTerminations {

  private PodTerminations() {}

  /** The pod's Spark role from its {@code spark-role} label, if it is a Spark pod. */
  public static Optional<SparkRole> role(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return Optional.ofNullable(
        labels == null ? null : SparkRole.fromLabel(labels.get(SparkApplication.SPARK_ROLE_LABEL)));
  }

  /** The application a Spark pod belongs to, from the Spark operator's label. */
  public static Optional<String> applicationName(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(SparkApplication.APP_NAME_LABEL));
  }

  /** How the pod's Spark container ended, if it has ended. */
  public static Optional<ContainerTermination> of(Pod pod) {
    Optional<SparkRole> role = role(pod);
    if (role.isEmpty() || pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<ContainerStatus> spark = sparkContainer(pod, role.get());
    Optional<ContainerStateTerminated> terminated =
        spark.flatMap(
            s ->
                Optional.ofNullable(s.getState())
                    .map(st -> st.getTerminated())
                    .or(() -> Optional.ofNullable(s.getLastState()).map(st -> st.getTerminated())));
    String podReason = pod.getStatus().getReason();
    if (terminated.isEmpty() && podReason == null && !"Failed".equals(pod.getStatus().getPhase())) {
      return Optional.empty();
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    return Optional.of(
        new ContainerTermination(
            role.get(),
            pod.getMetadata().getName(),
            role.get() == SparkRole.EXECUTOR
                ? labels.get(SparkApplication.SPARK_EXEC_ID_LABEL)
                : null,
            labels.get(SparkApplication.SUBMISSION_ID_LABEL),
            terminated.map(ContainerStateTerminated::getExitCode).orElse(null),
            terminated.map(ContainerStateTerminated::getReason).orElse(null),
            terminated.map(ContainerStateTerminated::getMessage).orElse(null),
            podReason,
            pod.getStatus().getMessage(),
            pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            terminated.map(t -> parseTime(t.getFinishedAt())).orElse(null),
            disruption(pod),
            pod.getMetadata().getDeletionTimestamp() != null));
  }

  /**
   * The part of a pod Sparkmedic reads — identity, labels, node, phase, the DisruptionTarget
   * condition and the containers' states — and nothing else: what the pod cache keeps. A Spark pod
   * as the API server returns it is 4–6 KiB of JSON (env, volumes, managedFields, images) and
   * several times that on the heap; a platform with 20,000 Spark pods cannot cache it whole in a
   * 256 MiB operator. Everything {@link #of}, {@link #waiting}, {@link #role} and {@link
   * #applicationName} read survives; the input is not changed.
   */
  public static Pod cacheView(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    Pod view = new Pod();
    view.setApiVersion(pod.getApiVersion());
    view.setKind(pod.getKind());
    if (meta != null) {
      ObjectMeta m = new ObjectMeta();
      m.setName(meta.getName());
      m.setNamespace(meta.getNamespace());
      m.setUid(meta.getUid());
      m.setResourceVersion(meta.getResourceVersion());
      m.setCreationTimestamp(meta.getCreationTimestamp());
      m.setDeletionTimestamp(meta.getDeletionTimestamp());
      m.setLabels(meta.getLabels());
      view.setMetadata(m);
    }
    if (pod.getSpec() != null) {
      PodSpec spec = new PodSpec();
      spec.setNodeName(pod.getSpec().getNodeName());
      view.setSpec(spec);
    }
    PodStatus status = pod.getStatus();
    if (status != null) {
      PodStatus s = new PodStatus();
      s.setPhase(status.getPhase());
      s.setReason(status.getReason());
      s.setMessage(status.getMessage());
      if (status.getConditions() != null) {
        s.setConditions(
            status.getConditions().stream()
                .filter(c -> "DisruptionTarget".equals(c.getType()))
                .map(
                    c -> {
                      PodCondition v = new PodCondition();
                      v.setType(c.getType());
                      v.setStatus(c.getStatus());
                      v.setReason(c.getReason());
                      return v;
                    })
                .toList());
      }
      if (status.getContainerStatuses() != null) {
        s.setContainerStatuses(
            status.getContainerStatuses().stream()
                .map(
                    c -> {
                      ContainerStatus v = new ContainerStatus();
                      v.setName(c.getName());
                      v.setState(c.getState());
                      v.setLastState(c.getLastState());
                      v.setRestartCount(c.getRestartCount());
                      return v;
                    })
                .toList());
      }
      view.setStatus(s);
    }
    return view;
  }

  /** The reason of the pod's {@code DisruptionTarget} condition when it is True, or null. */
  static String disruption(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> c.getReason() == null ? "DisruptionTarget" : c.getReason())
        .findFirst()
        .orElse(null);
  }

  /** The pod's Spark container, if it is waiting to start (an image pull, a config error). */
  public static Optional<ContainerWaiting> waiting(Pod pod) {
    Optional<SparkRole> role = role(pod);
    if (role.isEmpty() || pod.getStatus() == null) {
      return Optional.empty();
    }
    return sparkContainer(pod, role.get())
        .map(ContainerStatus::getState)
        .map(s -> s.getWaiting())
        .filter(
            w ->
                w.getReason() != null
                    && !"ContainerCreating".equals(w.getReason())
                    && !"PodInitializing".equals(w.getReason()))
        .map(
            w ->
                new ContainerWaiting(
                    role.get(), pod.getMetadata().getName(), w.getReason(), w.getMessage()));
  }

  private static Optional<ContainerStatus> sparkContainer(Pod pod, SparkRole role) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null || statuses.isEmpty()) {
      return Optional.empty();
    }
    List<String> names =
        role == SparkRole.DRIVER
            ? List.of(SparkApplication.DRIVER_CONTAINER)
            : List.of(
                SparkApplication.EXECUTOR_CONTAINER, SparkApplication.LEGACY_EXECUTOR_CONTAINER);
    return statuses.stream()
        .filter(s -> names.contains(s.getName()))
        .findFirst()
        // A pod with a single container runs Spark in it, whatever the container is called.
        .or(() -> statuses.size() == 1 ? Optional.of(statuses.get(0)) : Optional.empty());
  }

  private static Instant parseTime(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
