package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EKS nodes the simulated pods run on: Node objects as Karpenter provisions them in {@code
 * us-east-1} (research: remediation-anchors.md §3), one per driver and one or two per submission's
 * executors. A node is deleted once no pod the simulator placed on it exists any more; a reclaimed
 * spot node is tainted, announced with Karpenter's Events and deleted by {@link #reclaim} and
 * {@link #removeReclaimed}.
 *
 * <p>Every node also carries the label and {@code NoSchedule} taint {@value #SIMULATED_LABEL}: on a
 * real cluster that keeps real pods off nodes no kubelet serves. Simulated pods are bound by {@code
 * spec.nodeName} and never scheduled.
 *
 * <p>Only the simulator's scheduler thread calls it.
 */
final class SimulatedNodes {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodes.class);

  static final String SIMULATED_LABEL = "sparkmedic.io/simulated";
  static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
  static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
  static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String REGION = "us-east-1";
  static final String NODEPOOL = "default";

  /** Karpenter v1's taint on a node it is draining (research: remediation-anchors.md §3). */
  static final String DISRUPTED_TAINT = "karpenter.sh/disrupted";

  /** Kubernetes records Events about cluster-scoped objects in this namespace. */
  static final String EVENTS_NAMESPACE = "default";

  static final String KARPENTER = "karpenter";

  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An EC2 instance type: memory-optimized for executors, general purpose for drivers. */
  record InstanceType(String name, int cpus, int memoryGiB, int maxPods) {}

  static final List<InstanceType> EXECUTOR_TYPES =
      List.of(
          new InstanceType("r5.large", 2, 16, 29),
          new InstanceType("r5.xlarge", 4, 32, 58),
          new InstanceType("r5.2xlarge", 8, 64, 58),
          new InstanceType("r5.4xlarge", 16, 128, 234),
          new InstanceType("r5.8xlarge", 32, 256, 234),
          new InstanceType("r5.12xlarge", 48, 384, 234),
          new InstanceType("r5.16xlarge", 64, 512, 737),
          new InstanceType("r5.24xlarge", 96, 768, 737));

  static final List<InstanceType> DRIVER_TYPES =
      List.of(
          new InstanceType("m5.large", 2, 8, 29),
          new InstanceType("m5.xlarge", 4, 16, 58),
          new InstanceType("m5.2xlarge", 8, 32, 58),
          new InstanceType("m5.4xlarge", 16, 64, 234),
          new InstanceType("m5.8xlarge", 32, 128, 234),
          new InstanceType("m5.16xlarge", 64, 256, 737));

  /** One node the simulator created. */
  static final class SimNode {
    final String name;
    final String uid;
    final String ip;
    final CapacityType capacity;
    final String zone;
    final String instanceType;
    final Set<String> pods = new LinkedHashSet<>();
    boolean reclaimed;

    private SimNode(
        String name,
        String uid,
        String ip,
        CapacityType capacity,
        String zone,
        String instanceType) {
      this.name = name;
      this.uid = uid;
      this.ip = ip;
      this.capacity = capacity;
      this.zone = zone;
      this.instanceType = instanceType;
    }

    /** A VPC address in the node's subnet, as the VPC CNI hands out to pods. */
    String nextPodIp() {
      String prefix = ip.substring(0, ip.lastIndexOf('.') + 1);
      String last = ip.substring(ip.lastIndexOf('.') + 1);
      String podIp;
      do {
        podIp = prefix + (4 + RANDOM.nextInt(250));
      } while (podIp.equals(prefix + last));
      return podIp;
    }

    @Override
    public String toString() {
      return name
          + " ("
          + capacity.karpenterValue()
          + ", "
          + instanceType
          + ", "
          + zone
          + (reclaimed ? ", reclaimed" : "")
          + ")";
    }
  }

  private final KubernetesClient client;
  private final Map<String, SimNode> nodes = new LinkedHashMap<>();

  /** Pod {@code namespace/name} to the node it is bound to. */
  private final Map<String, String> bindings = new HashMap<>();

  SimulatedNodes(KubernetesClient client) {
    this.client = client;
  }

  static String randomZone() {
    return ZONES.get(RANDOM.nextInt(ZONES.size()));
  }

  /** The smallest type whose memory holds {@code podMiB} with room for the system (~10%). */
  static InstanceType fit(List<InstanceType> types, long podMiB) {
    for (InstanceType type : types) {
      if (podMiB <= type.memoryGiB() * 1024L * 9 / 10) {
        return type;
      }
    }
    return types.get(types.size() - 1);
  }

  SimNode get(String name) {
    return name == null ? null : nodes.get(name);
  }

  /** Creates a Ready node as Karpenter launches it, named after its private IP. */
  SimNode provision(CapacityType capacity, String zone, InstanceType type, boolean eksLabel) {
    for (int attempt = 1; ; attempt++) {
      int third = RANDOM.nextInt(256);
      int fourth = 1 + RANDOM.nextInt(254);
      String ip = "10.0." + third + "." + fourth;
      String name = "ip-10-0-" + third + "-" + fourth + ".ec2.internal";
      if (nodes.containsKey(name)) {
        continue;
      }
      try {
        Node created =
            client.nodes().resource(node(name, ip, capacity, zone, type, eksLabel)).create();
        SimNode node =
            new SimNode(name, created.getMetadata().getUid(), ip, capacity, zone, type.name());
        nodes.put(name, node);
        return node;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  void bind(SimNode node, String podKey) {
    String previous = bindings.put(podKey, node.name);
    if (previous != null && !previous.equals(node.name)) {
      unbind(podKey, previous);
    }
    node.pods.add(podKey);
  }

  /** The pod is gone: its node goes too once no pod is left on it. */
  void release(String podKey) {
    String node = bindings.remove(podKey);
    if (node != null) {
      unbind(podKey, node);
    }
  }

  /**
   * The pod is gone; it may have been placed by an earlier simulator on {@code nodeName}, which
   * this one does not track: that node goes too if it is a simulated node no pod is bound to.
   */
  void release(String podKey, String nodeName) {
    if (bindings.containsKey(podKey) || nodeName == null || nodes.containsKey(nodeName)) {
      release(podKey);
      return;
    }
    try {
      Node node = client.nodes().withName(nodeName).get();
      if (node == null
          || node.getMetadata().getLabels() == null
          || !"true".equals(node.getMetadata().getLabels().get(SIMULATED_LABEL))) {
        return;
      }
      boolean used =
          client.pods().inAnyNamespace().list().getItems().stream()
              .anyMatch(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()));
      if (!used) {
        client.nodes().withName(nodeName).withGracePeriod(0).delete();
      }
    } catch (KubernetesClientException e) {
      LOG.debug("could not collect node {}: {}", nodeName, e.getMessage());
    }
  }

  /** A node provisioned for a pod that could not be created. */
  void dropIfUnused(SimNode node) {
    if (node.pods.isEmpty() && !node.reclaimed && nodes.containsKey(node.name)) {
      delete(node);
    }
  }

  private void unbind(String podKey, String nodeName) {
    SimNode node = nodes.get(nodeName);
    if (node == null) {
      return;
    }
    node.pods.remove(podKey);
    if (node.pods.isEmpty() && !node.reclaimed) {
      delete(node);
    }
  }

  /**
   * Releases pods that vanished (or were re-created elsewhere) without the simulator deleting them:
   * {@code boundTo} answers whether the pod {@code namespace/name} still exists on the given node.
   */
  void sweep(BiPredicate<String, String> boundTo) {
    for (Map.Entry<String, String> binding : new ArrayList<>(bindings.entrySet())) {
      if (!boundTo.test(binding.getKey(), binding.getValue())) {
        release(binding.getKey());
      }
    }
  }

  /**
   * Karpenter's answer to an EC2 spot interruption warning: the {@code karpenter.sh/disrupted}
   * taint on the node and the Warning Events {@code SpotInterrupted} and {@code
   * TerminatingOnInterruption} about it (karpenter-provider-aws {@code
   * pkg/controllers/interruption/events}).
   */
  void reclaim(SimNode node) {
    node.reclaimed = true;
    try {
      client
          .nodes()
          .withName(node.name)
          .edit(
              n -> {
                List<Taint> taints =
                    n.getSpec().getTaints() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(n.getSpec().getTaints());
                if (taints.stream().noneMatch(t -> DISRUPTED_TAINT.equals(t.getKey()))) {
                  taints.add(
                      new TaintBuilder().withKey(DISRUPTED_TAINT).withEffect("NoSchedule").build());
                }
                n.getSpec().setTaints(taints);
                return n;
              });
    } catch (KubernetesClientException e) {
      LOG.warn("could not taint node {}: {}", node.name, e.getMessage());
    }
    event(node, "Warning", "SpotInterrupted", "Spot interruption warning was triggered", KARPENTER);
    event(
        node,
        "Warning",
        "TerminatingOnInterruption",
        "Interruption triggered termination for the Node",
        KARPENTER);
  }

  /**
   * The drained instance terminates and the Node goes: Karpenter's {@code InstanceTerminating}, the
   * node controller's {@code RemovingNode}, then the delete. Pods still bound to it are forgotten
   * (the caller deletes them first).
   */
  void removeReclaimed(SimNode node) {
    event(node, "Warning", "InstanceTerminating", "Instance is terminating", KARPENTER);
    event(
        node,
        "Normal",
        "RemovingNode",
        "Node " + node.name + " event: Removing Node " + node.name + " from Controller",
        "node-controller");
    for (String pod : new ArrayList<>(node.pods)) {
      bindings.remove(pod);
    }
    node.pods.clear();
    delete(node);
  }

  private void delete(SimNode node) {
    nodes.remove(node.name);
    try {
      client.nodes().withName(node.name).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("could not delete node {}: {}", node.name, e.getMessage());
    }
  }

  private void event(SimNode node, String type, String reason, String message, String component) {
    byte[] suffix = new byte[8];
    RANDOM.nextBytes(suffix);
    String now = SimClock.timestamp();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(node.name + "." + HexFormat.of().formatHex(suffix))
            .withNamespace(EVENTS_NAMESPACE)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Node")
            .withName(node.name)
            .withUid(node.uid)
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(component)
            .endSource()
            .withReportingComponent(component)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(EVENTS_NAMESPACE).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record Event {} on node {}: {}", reason, node.name, e.getMessage());
    }
  }

  private static Node node(
      String name,
      String ip,
      CapacityType capacity,
      String zone,
      InstanceType type,
      boolean eksLabel) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/instance-type", type.name());
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put(CapacityType.KARPENTER_LABEL, capacity.karpenterValue());
    if (eksLabel) {
      labels.put(CapacityType.EKS_LABEL, capacity.eksValue());
    }
    labels.put("karpenter.sh/initialized", "true");
    labels.put(NODEPOOL_LABEL, NODEPOOL);
    labels.put("karpenter.sh/registered", "true");
    labels.put("karpenter.k8s.aws/ec2nodeclass", "default");
    labels.put(
        "karpenter.k8s.aws/instance-family", type.name().substring(0, type.name().indexOf('.')));
    labels.put("kubernetes.io/arch", "amd64");
    labels.put(HOSTNAME_LABEL, name);
    labels.put("kubernetes.io/os", "linux");
    labels.put(INSTANCE_TYPE_LABEL, type.name());
    labels.put("topology.k8s.aws/zone-id", "use1-az" + (1 + ZONES.indexOf(zone)));
    labels.put("topology.kubernetes.io/region", REGION);
    labels.put(ZONE_LABEL, zone);
    labels.put(SIMULATED_LABEL, "true");
    byte[] instance = new byte[9];
    RANDOM.nextBytes(instance);
    String instanceId = "i-" + HexFormat.of().formatHex(instance).substring(0, 17);
    long memoryKi = type.memoryGiB() * 1024L * 1024L * 97 / 100; // the kernel keeps some
    long allocatableKi = memoryKi - (255 + 11L * type.maxPods()) * 1024L - 100 * 1024L;
    Map<String, Quantity> capacityMap =
        Map.of(
            "cpu", new Quantity(Integer.toString(type.cpus())),
            "memory", new Quantity(memoryKi + "Ki"),
            "pods", new Quantity(Integer.toString(type.maxPods())),
            "ephemeral-storage", new Quantity("20959212Ki"));
    Map<String, Quantity> allocatable =
        Map.of(
            "cpu", new Quantity((type.cpus() * 1000 - 70 - 10L * type.cpus()) + "m"),
            "memory", new Quantity(allocatableKi + "Ki"),
            "pods", new Quantity(Integer.toString(type.maxPods())),
            "ephemeral-storage", new Quantity("18242267924"));
    String now = SimClock.timestamp();
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .addToAnnotations("alpha.kubernetes.io/provided-node-ip", ip)
        .addToAnnotations("karpenter.sh/nodepool-hash-version", "v3")
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///" + zone + "/" + instanceId)
        .addNewTaint()
        .withKey(SIMULATED_LABEL)
        .withValue("true")
        .withEffect("NoSchedule")
        .endTaint()
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(ip)
        .endAddress()
        .addNewAddress()
        .withType("InternalDNS")
        .withAddress(name)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withCapacity(capacityMap)
        .withAllocatable(allocatable)
        .addNewCondition()
        .withType("MemoryPressure")
        .withStatus("False")
        .withReason("KubeletHasSufficientMemory")
        .withMessage("kubelet has sufficient memory available")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .addNewCondition()
        .withType("DiskPressure")
        .withStatus("False")
        .withReason("KubeletHasNoDiskPressure")
        .withMessage("kubelet has no disk pressure")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .addNewCondition()
        .withType("PIDPressure")
        .withStatus("False")
        .withReason("KubeletHasSufficientPID")
        .withMessage("kubelet has sufficient PID available")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("kubelet is posting ready status")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withContainerRuntimeVersion("containerd://1.7.25")
        .withKernelVersion("6.1.124-134.200.amzn2023.x86_64")
        .withKubeletVersion("v1.31.4-eks-aeac579")
        .withKubeProxyVersion("v1.31.4-eks-aeac579")
        .withOperatingSystem("linux")
        .withOsImage("Amazon Linux 2023.6.20250128")
        .withMachineID(UUID.randomUUID().toString().replace("-", ""))
        .withSystemUUID("ec2" + UUID.randomUUID().toString().substring(3))
        .withBootID(UUID.randomUUID().toString())
        .endNodeInfo()
        .endStatus()
        .build();
  }
}
