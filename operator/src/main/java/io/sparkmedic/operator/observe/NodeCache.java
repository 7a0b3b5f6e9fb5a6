package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkmedic.remediation.signal.NodeFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Sparkmedic knows of the nodes Spark pods run on, kept after a node is deleted: a reclaimed
 * spot node is gone within minutes, and with it the label that says it was spot. Nodes are read one
 * by one by name (never listed or watched cluster-wide) when a Spark pod lands on one, and again
 * when a run is diagnosed. Bounded: the least recently used entries go past {@link #MAX_NODES}.
 */
public final class NodeCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCache.class);
  public static final int MAX_NODES = 5000;

  private final KubernetesClient client;
  private final NodeFactsReader reader;
  private final ExecutorService prefetch =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sparkmedic-node-prefetch");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, NodeFacts> nodes =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NodeFacts> eldest) {
          return size() > MAX_NODES;
        }
      };

  public NodeCache(KubernetesClient client, NodeFactsReader reader) {
    this.client = client;
    this.reader = reader;
  }

  /** Names being read in the background: each node is read once, however many pods land on it. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  /**
   * Reads the node in the background the first time a pod is seen on it. When the operator starts
   * and lists 20,000 pods on 2,000 nodes, that is 2,000 reads, not 20,000.
   */
  public void prefetch(String nodeName) {
    if (nodeName == null || known(nodeName) || !pending.add(nodeName)) {
      return;
    }
    try {
      prefetch.execute(
          () -> {
            try {
              refresh(nodeName);
            } finally {
              pending.remove(nodeName);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.remove(nodeName); // closing
    }
  }

  /** Nodes waiting to be read in the background, for tests. */
  int pendingReads() {
    return pending.size();
  }

  /** Reads the node now; a node found deleted keeps what was known of it, marked gone. */
  public Optional<NodeFacts> refresh(String nodeName) {
    if (nodeName == null) {
      return Optional.empty();
    }
    try {
      Node node = client.nodes().withName(nodeName).get();
      NodeFacts facts;
      synchronized (nodes) {
        NodeFacts known = nodes.get(nodeName);
        facts =
            node != null
                ? reader.read(node)
                : known != null
                    ? new NodeFacts(
                        known.name(),
                        known.capacityType(),
                        known.capacityLabel(),
                        known.taints(),
                        known.ready(),
                        true)
                    : new NodeFacts(nodeName, null, null, null, null, true);
        nodes.put(nodeName, facts);
      }
      return Optional.of(facts);
    } catch (KubernetesClientException e) {
      LOG.debug("node {} not readable: {}", nodeName, e.getMessage());
      return cached(nodeName);
    }
  }

  public Optional<NodeFacts> cached(String nodeName) {
    synchronized (nodes) {
      return Optional.ofNullable(nodes.get(nodeName));
    }
  }

  private boolean known(String nodeName) {
    synchronized (nodes) {
      return nodes.containsKey(nodeName);
    }
  }

  @Override
  public void close() {
    prefetch.shutdownNow();
  }
}
