package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkmedic.remediation.signal.ClusterEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Events through the API when a run is diagnosed: one list per object, filtered by field
 * selector on the server — the application, its driver and its newest ended pods (at most {@link
 * #MAX_PODS}) in its namespace, and each node in the {@code default} namespace. Not one list of the
 * whole namespace: in a namespace of thousands of Spark pods, its Events run to tens of thousands,
 * and any page of them is not the page that matters. Failures read as "no events": a diagnosis
 * never fails because Events were unavailable.
 */
public final class ApiClusterEvents implements ClusterEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ApiClusterEvents.class);

  /** Pods whose Events are read per diagnosis: the first (the driver) and the newest others. */
  static final int MAX_PODS = 12;

  /** Where Kubernetes records Events about cluster-scoped objects such as nodes. */
  public static final String NODE_EVENTS_NAMESPACE = "default";

  private final KubernetesClient client;

  public ApiClusterEvents(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<ClusterEvent> aboutPods(
      String namespace, String application, Collection<String> pods) {
    // One list per object, all at once; merged in order, each Event once.
    List<CompletableFuture<List<Event>>> reads = new ArrayList<>();
    reads.add(
        CompletableFuture.supplyAsync(
            () -> about(namespace, "SparkApplication", application), SignalCollector.READS));
    for (String pod : queried(pods)) {
      reads.add(
          CompletableFuture.supplyAsync(() -> about(namespace, "Pod", pod), SignalCollector.READS));
    }
    Map<String, ClusterEvent> byUid = new LinkedHashMap<>();
    for (CompletableFuture<List<Event>> read : reads) {
      for (Event e : read.join()) {
        byUid.putIfAbsent(
            e.getMetadata() != null && e.getMetadata().getUid() != null
                ? e.getMetadata().getUid()
                : "#" + byUid.size(),
            ClusterEvents.of(e));
      }
    }
    return List.copyOf(byUid.values());
  }

  /** The pods to ask about: the first one given and the newest (last) others, in order. */
  static List<String> queried(Collection<String> pods) {
    List<String> all = new ArrayList<>(pods);
    if (all.size() <= MAX_PODS) {
      return all;
    }
    List<String> out = new ArrayList<>();
    out.add(all.get(0));
    out.addAll(all.subList(all.size() - (MAX_PODS - 1), all.size()));
    return out;
  }

  private List<Event> about(String namespace, String kind, String name) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(namespace)
          .withField("involvedObject.kind", kind)
          .withField("involvedObject.name", name)
          .list()
          .getItems()
          .stream()
          // Again here: an API server that ignores field selectors sends the whole namespace.
          .filter(
              e ->
                  e.getInvolvedObject() != null
                      && kind.equals(e.getInvolvedObject().getKind())
                      && name.equals(e.getInvolvedObject().getName()))
          .toList();
    } catch (KubernetesClientException e) {
      LOG.debug("events of {} {}/{} not readable: {}", kind, namespace, name, e.getMessage());
      return List.of();
    }
  }

  @Override
  public List<ClusterEvent> aboutNode(String node) {
    try {
      List<Event> events =
          client
              .v1()
              .events()
              .inAnyNamespace()
              .withField("involvedObject.kind", "Node")
              .withField("involvedObject.name", node)
              .list()
              .getItems();
      return events.stream()
          .filter(
              e -> e.getInvolvedObject() != null && node.equals(e.getInvolvedObject().getName()))
          .map(ClusterEvents::of)
          .toList();
    } catch (KubernetesClientException e) {
      LOG.debug("events of node {} not readable: {}", node, e.getMessage());
      return List.of();
    }
  }
}
