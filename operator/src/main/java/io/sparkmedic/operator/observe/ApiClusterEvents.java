package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkmedic.remediation.signal.ClusterEvent;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Events through the API when a run is diagnosed: one list of the application's namespace
 * (bounded by {@link #LIMIT}), and one list per node in the {@code default} namespace, filtered by
 * field selector on the server. Failures read as "no events": a diagnosis never fails because
 * Events were unavailable.
 */
public final class ApiClusterEvents implements ClusterEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ApiClusterEvents.class);
  static final long LIMIT = 500;

  /** Where Kubernetes records Events about cluster-scoped objects such as nodes. */
  public static final String NODE_EVENTS_NAMESPACE = "default";

  private final KubernetesClient client;

  public ApiClusterEvents(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<ClusterEvent> aboutPods(
      String namespace, String application, Collection<String> pods) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(namespace)
          .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(LIMIT).build())
          .getItems()
          .stream()
          .filter(e -> e.getInvolvedObject() != null)
          .filter(
              e ->
                  ("Pod".equals(e.getInvolvedObject().getKind())
                          && pods.contains(e.getInvolvedObject().getName()))
                      || ("SparkApplication".equals(e.getInvolvedObject().getKind())
                          && Objects.equals(application, e.getInvolvedObject().getName())))
          .map(ClusterEvents::of)
          .toList();
    } catch (KubernetesClientException e) {
      LOG.debug("events of {} not readable: {}", namespace, e.getMessage());
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
