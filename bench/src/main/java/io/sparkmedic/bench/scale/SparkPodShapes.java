package io.sparkmedic.bench.scale;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Driver and executor pods shaped like the ones Spark 3.5 on Kubernetes creates under the Kubeflow
 * Spark operator — labels, owner references, the env, volumes, ports and tolerations Spark and the
 * API server put there, and the {@code managedFields} a real API server adds — so that the
 * operator's informer caches hold objects of a realistic size (about 6 KiB of JSON each).
 */
final class SparkPodShapes {

  static final String IMAGE = "apache/spark:3.5.5";
  static final String IMAGE_ID =
      "docker.io/apache/spark@sha256:4f1b3bd5d5c5b4f2a0a1c2f6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6";

  private SparkPodShapes() {}

  /** One submission of an application: the ids Spark and the Spark operator give it. */
  record Submission(
      String app, String namespace, String appUid, String submissionId, String sparkAppId) {
    String driverPod() {
      return app + "-driver";
    }

    String executorPod(int id) {
      return app + "-" + submissionId.substring(0, 8) + "-exec-" + id;
    }
  }

  static Node node(String name, boolean spot, String zone) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("karpenter.sh/capacity-type", spot ? "spot" : "on-demand")
        .addToLabels("karpenter.sh/nodepool", spot ? "spark-executors" : "spark-drivers")
        .addToLabels("node.kubernetes.io/instance-type", spot ? "r6i.4xlarge" : "m6i.2xlarge")
        .addToLabels("topology.kubernetes.io/zone", zone)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("kubernetes.io/hostname", name)
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///" + zone + "/i-0" + Integer.toHexString(name.hashCode()))
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod driver(Submission s, String node, int memoryMiB, String started) {
    Map<String, String> labels = labels(s, "driver");
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SPARK_USER", "spark", null));
    env.add(new EnvVar("SPARK_APPLICATION_ID", s.sparkAppId(), null));
    env.add(fieldRef("status.podIP", "SPARK_DRIVER_BIND_ADDRESS"));
    env.add(new EnvVar("SPARK_LOCAL_DIRS", "/var/data/spark-" + s.submissionId(), null));
    env.add(new EnvVar("SPARK_CONF_DIR", "/opt/spark/conf", null));
    env.add(new EnvVar("SPARK_DRIVER_MEMORY", memoryMiB + "m", null));
    return new PodBuilder()
        .withNewMetadata()
        .withName(s.driverPod())
        .withNamespace(s.namespace())
        .withLabels(labels)
        .addToAnnotations("sparkoperator.k8s.io/submission-id", s.submissionId())
        .addNewOwnerReference()
        .withApiVersion("sparkoperator.k8s.io/v1beta2")
        .withKind("SparkApplication")
        .withName(s.app())
        .withUid(s.appUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .withManagedFields(managedFields("spark-operator"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(SparkApplication.DRIVER_CONTAINER)
        .withImage(IMAGE)
        .withImagePullPolicy("IfNotPresent")
        .withArgs(
            "driver",
            "--properties-file",
            "/opt/spark/conf/spark.properties",
            "--class",
            "com.example.etl.DailyRollup",
            "local:///opt/spark/jars/etl-assembly.jar")
        .withEnv(env)
        .addNewPort()
        .withName("driver-rpc-port")
        .withContainerPort(7078)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("blockmanager")
        .withContainerPort(7079)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("spark-ui")
        .withContainerPort(4040)
        .withProtocol("TCP")
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new Quantity("1"))
        .addToRequests("memory", new Quantity(memoryMiB + "Mi"))
        .addToLimits("memory", new Quantity(memoryMiB + "Mi"))
        .endResources()
        .withVolumeMounts(mounts("spark-conf-volume-driver"))
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .endContainer()
        .withVolumes(volumes(s, "spark-conf-volume-driver", "spark-drv"))
        .withNodeName(node)
        .withRestartPolicy("Never")
        .withServiceAccountName("spark")
        .withSchedulerName("default-scheduler")
        .withDnsPolicy("ClusterFirst")
        .withEnableServiceLinks(true)
        .withTerminationGracePeriodSeconds(30L)
        .withPreemptionPolicy("PreemptLowerPriority")
        .withPriority(0)
        .withTolerations(tolerations())
        .addToNodeSelector("karpenter.sh/capacity-type", "on-demand")
        .endSpec()
        .withStatus(running(SparkApplication.DRIVER_CONTAINER, started, node))
        .build();
  }

  static Pod executor(Submission s, int id, String node, int memoryMiB, String started) {
    Map<String, String> labels = labels(s, "executor");
    labels.put(SparkApplication.SPARK_EXEC_ID_LABEL, Integer.toString(id));
    labels.put("spark-exec-resourceprofile-id", "0");
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SPARK_USER", "spark", null));
    env.add(
        new EnvVar(
            "SPARK_DRIVER_URL",
            "spark://CoarseGrainedScheduler@"
                + s.app()
                + "-"
                + s.submissionId().substring(0, 8)
                + "-driver-svc."
                + s.namespace()
                + ".svc:7078",
            null));
    env.add(new EnvVar("SPARK_EXECUTOR_CORES", "4", null));
    env.add(new EnvVar("SPARK_EXECUTOR_MEMORY", (memoryMiB * 9 / 10) + "m", null));
    env.add(new EnvVar("SPARK_APPLICATION_ID", s.sparkAppId(), null));
    env.add(new EnvVar("SPARK_CONF_DIR", "/opt/spark/conf", null));
    env.add(new EnvVar("SPARK_EXECUTOR_ID", Integer.toString(id), null));
    env.add(new EnvVar("SPARK_RESOURCE_PROFILE_ID", "0", null));
    env.add(fieldRef("status.podIP", "SPARK_EXECUTOR_POD_IP"));
    env.add(fieldRef("metadata.name", "SPARK_EXECUTOR_POD_NAME"));
    env.add(new EnvVar("SPARK_JAVA_OPT_0", "-Djava.net.preferIPv6Addresses=false", null));
    env.add(new EnvVar("SPARK_JAVA_OPT_1", "-XX:+IgnoreUnrecognizedVMOptions", null));
    env.add(new EnvVar("SPARK_JAVA_OPT_2", "--add-opens=java.base/java.lang=ALL-UNNAMED", null));
    env.add(new EnvVar("SPARK_JAVA_OPT_3", "--add-opens=java.base/java.nio=ALL-UNNAMED", null));
    env.add(new EnvVar("SPARK_JAVA_OPT_4", "-Dspark.driver.port=7078", null));
    env.add(new EnvVar("SPARK_LOCAL_DIRS", "/var/data/spark-" + s.submissionId(), null));
    return new PodBuilder()
        .withNewMetadata()
        .withName(s.executorPod(id))
        .withNamespace(s.namespace())
        .withLabels(labels)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(s.driverPod())
        .withUid(s.appUid() + "-driver")
        .withController(true)
        .endOwnerReference()
        .withManagedFields(managedFields("spark-driver"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(SparkApplication.EXECUTOR_CONTAINER)
        .withImage(IMAGE)
        .withImagePullPolicy("IfNotPresent")
        .withArgs("executor")
        .withEnv(env)
        .addNewPort()
        .withName("blockmanager")
        .withContainerPort(7079)
        .withProtocol("TCP")
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new Quantity("4"))
        .addToRequests("memory", new Quantity(memoryMiB + "Mi"))
        .addToLimits("memory", new Quantity(memoryMiB + "Mi"))
        .endResources()
        .withVolumeMounts(mounts("spark-conf-volume-exec"))
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File")
        .endContainer()
        .withVolumes(volumes(s, "spark-conf-volume-exec", "spark-exec"))
        .withHostname(s.executorPod(id))
        .withNodeName(node)
        .withRestartPolicy("Never")
        .withServiceAccountName("spark")
        .withSchedulerName("default-scheduler")
        .withDnsPolicy("ClusterFirst")
        .withEnableServiceLinks(true)
        .withTerminationGracePeriodSeconds(30L)
        .withPreemptionPolicy("PreemptLowerPriority")
        .withPriority(0)
        .withTolerations(tolerations())
        .endSpec()
        .withStatus(running(SparkApplication.EXECUTOR_CONTAINER, started, node))
        .build();
  }

  private static Map<String, String> labels(Submission s, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "data");
    labels.put("tier", "batch");
    labels.put("spark-app-name", s.app());
    labels.put(SparkApplication.SPARK_APP_SELECTOR_LABEL, s.sparkAppId());
    labels.put(SparkApplication.SPARK_ROLE_LABEL, role);
    labels.put("spark-version", "3.5.5");
    labels.put(SparkApplication.APP_NAME_LABEL, s.app());
    labels.put(SparkApplication.LAUNCHED_BY_LABEL, "true");
    labels.put(SparkApplication.SUBMISSION_ID_LABEL, s.submissionId());
    return labels;
  }

  private static EnvVar fieldRef(String path, String name) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static List<VolumeMount> mounts(String confVolume) {
    return List.of(
        new VolumeMountBuilder()
            .withName("spark-local-dir-1")
            .withMountPath("/var/data/spark-local")
            .build(),
        new VolumeMountBuilder().withName(confVolume).withMountPath("/opt/spark/conf").build(),
        new VolumeMountBuilder()
            .withName("kube-api-access-7x2kq")
            .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
            .withReadOnly(true)
            .build());
  }

  private static List<Volume> volumes(Submission s, String confVolume, String confMapRole) {
    return List.of(
        new VolumeBuilder().withName("spark-local-dir-1").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder()
            .withName(confVolume)
            .withNewConfigMap()
            .withName(
                s.app() + "-" + s.submissionId().substring(0, 8) + "-" + confMapRole + "-conf")
            .withDefaultMode(420)
            .endConfigMap()
            .build(),
        new VolumeBuilder()
            .withName("kube-api-access-7x2kq")
            .withNewProjected()
            .withDefaultMode(420)
            .addNewSource()
            .withNewServiceAccountToken()
            .withExpirationSeconds(3607L)
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .addNewSource()
            .withNewConfigMap()
            .withName("kube-root-ca.crt")
            .addNewItem()
            .withKey("ca.crt")
            .withPath("ca.crt")
            .endItem()
            .endConfigMap()
            .endSource()
            .addNewSource()
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("namespace")
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endSource()
            .endProjected()
            .build());
  }

  private static List<Toleration> tolerations() {
    return List.of(
        new TolerationBuilder()
            .withKey("node.kubernetes.io/not-ready")
            .withOperator("Exists")
            .withEffect("NoExecute")
            .withTolerationSeconds(300L)
            .build(),
        new TolerationBuilder()
            .withKey("node.kubernetes.io/unreachable")
            .withOperator("Exists")
            .withEffect("NoExecute")
            .withTolerationSeconds(300L)
            .build());
  }

  private static List<ManagedFieldsEntry> managedFields(String manager) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "f:containers",
        Map.of(
            "k:{\"name\":\"spark\"}",
            Map.of(
                ".",
                Map.of(),
                "f:args",
                Map.of(),
                "f:env",
                Map.of(),
                "f:image",
                Map.of(),
                "f:resources",
                Map.of(
                    "f:limits",
                    Map.of("f:memory", Map.of()),
                    "f:requests",
                    Map.of("f:cpu", Map.of(), "f:memory", Map.of())))));
    spec.put("f:nodeName", Map.of());
    spec.put("f:restartPolicy", Map.of());
    spec.put(
        "f:volumes",
        Map.of(
            "k:{\"name\":\"spark-local-dir-1\"}",
            Map.of(".", Map.of(), "f:emptyDir", Map.of(), "f:name", Map.of())));
    Map<String, Object> metadata =
        Map.of(
            "f:labels",
            Map.of(".", Map.of(), "f:spark-app-selector", Map.of(), "f:spark-role", Map.of()),
            "f:ownerReferences",
            Map.of());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "f:conditions",
        Map.of(
            "k:{\"type\":\"Ready\"}",
            Map.of(
                ".",
                Map.of(),
                "f:lastProbeTime",
                Map.of(),
                "f:lastTransitionTime",
                Map.of(),
                "f:status",
                Map.of(),
                "f:type",
                Map.of())));
    status.put("f:containerStatuses", Map.of());
    status.put("f:hostIP", Map.of());
    status.put("f:phase", Map.of());
    status.put("f:podIP", Map.of());
    status.put("f:startTime", Map.of());
    return List.of(
        new ManagedFieldsEntryBuilder()
            .withManager(manager)
            .withOperation("Update")
            .withApiVersion("v1")
            .withTime("2026-11-21T06:00:00Z")
            .withFieldsType("FieldsV1")
            .withFieldsV1(fields(Map.of("f:metadata", metadata, "f:spec", spec)))
            .build(),
        new ManagedFieldsEntryBuilder()
            .withManager("kubelet")
            .withOperation("Update")
            .withApiVersion("v1")
            .withTime("2026-11-21T06:00:05Z")
            .withFieldsType("FieldsV1")
            .withSubresource("status")
            .withFieldsV1(fields(Map.of("f:status", status)))
            .build());
  }

  private static FieldsV1 fields(Map<String, Object> content) {
    FieldsV1 fields = new FieldsV1();
    content.forEach(fields::setAdditionalProperty);
    return fields;
  }

  private static PodCondition condition(String type, String status, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(at)
        .build();
  }

  static PodStatus running(String container, String started, String node) {
    return new PodStatusBuilder()
        .withPhase("Running")
        .withConditions(
            condition("PodReadyToStartContainers", "True", started),
            condition("Initialized", "True", started),
            condition("Ready", "True", started),
            condition("ContainersReady", "True", started),
            condition("PodScheduled", "True", started))
        .withHostIP("10.0." + (Math.abs(node.hashCode()) % 250) + ".1")
        .withPodIP("10.1." + (Math.abs(node.hashCode()) % 250) + "." + (started.hashCode() & 0x7f))
        .withStartTime(started)
        .withQosClass("Burstable")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(container)
                .withImage(IMAGE)
                .withImageID(IMAGE_ID)
                .withContainerID(
                    "containerd://"
                        + Integer.toHexString(container.hashCode())
                        + started.hashCode())
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning(started)
                .endState()
                .build())
        .build();
  }

  /** The pod's status once its Spark container ended with {@code exitCode} / {@code reason}. */
  static PodStatus terminated(
      PodStatus before,
      String container,
      int exitCode,
      String reason,
      String finished,
      String message) {
    ContainerStatus status =
        new ContainerStatusBuilder()
            .withName(container)
            .withImage(IMAGE)
            .withImageID(IMAGE_ID)
            .withReady(false)
            .withStarted(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(before == null ? finished : before.getStartTime())
            .withFinishedAt(finished)
            .endTerminated()
            .endState()
            .build();
    return new PodStatusBuilder(before == null ? new PodStatus() : before)
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withConditions(
            condition("Ready", "False", finished),
            condition("ContainersReady", "False", finished),
            condition("PodScheduled", "True", finished))
        .withContainerStatuses(status)
        .build();
  }
}
