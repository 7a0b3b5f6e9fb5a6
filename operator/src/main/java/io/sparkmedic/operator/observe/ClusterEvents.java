package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.sparkmedic.remediation.signal.ClusterEvent;
import java.util.Collection;
import java.util.List;

/** Where the Events about a run's pods and nodes come from. */
public interface ClusterEvents {

  /** Events in the namespace about the given pods or the application itself. */
  List<ClusterEvent> aboutPods(String namespace, String application, Collection<String> pods);

  /**
   * Events about the given node (Kubernetes records node events in the {@code default} namespace).
   */
  List<ClusterEvent> aboutNode(String node);

  ClusterEvents NONE =
      new ClusterEvents() {
        @Override
        public List<ClusterEvent> aboutPods(String ns, String app, Collection<String> pods) {
          return List.of();
        }

        @Override
        public List<ClusterEvent> aboutNode(String node) {
          return List.of();
        }
      };

  /** A core/v1 Event as the diagnosis reads it. */
  static ClusterEvent of(Event e) {
    return new ClusterEvent(
        e.getInvolvedObject() == null ? "" : String.valueOf(e.getInvolvedObject().getKind()),
        e.getInvolvedObject() == null ? "" : String.valueOf(e.getInvolvedObject().getName()),
        e.getReason(),
        e.getMessage(),
        e.getType(),
        e.getCount() == null ? 1 : e.getCount());
  }
}
