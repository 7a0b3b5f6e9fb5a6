package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationStatus;
import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SignalCollectorTest {

  /** Waits until all the reads of one diagnosis are in flight together, or fails. */
  private static void together(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the reads did not overlap", e);
    }
  }

  @Test
  void theNodesEventsAndDriverLogOfADiagnosisAreReadAtOnce() {
    TerminationLedger ledger = new TerminationLedger();
    ledger.record(
        "team-a",
        "etl",
        new ContainerTermination(
            SparkRole.EXECUTOR,
            "etl-exec-1",
            "1",
            "run-1",
            137,
            "OOMKilled",
            null,
            null,
            null,
            "ip-10-0-41-7.ec2.internal",
            null));
    ledger.record(
        "team-a",
        "etl",
        new ContainerTermination(
            SparkRole.EXECUTOR,
            "etl-exec-2",
            "2",
            "run-1",
            137,
            "OOMKilled",
            null,
            null,
            null,
            "ip-10-0-42-9.ec2.internal",
            null));
    // Two node reads, the pods' Events and the driver's log: four reads that only finish together.
    CyclicBarrier barrier = new CyclicBarrier(4);
    ClusterEvents events =
        new ClusterEvents() {
          @Override
          public List<ClusterEvent> aboutPods(String ns, String app, Collection<String> pods) {
            together(barrier);
            return List.of(new ClusterEvent("Pod", "etl-exec-1", "Evicted", "", "Warning", 1));
          }

          @Override
          public List<ClusterEvent> aboutNode(String node) {
            return List.of(new ClusterEvent("Node", node, "SpotInterruption", "", "Warning", 1));
          }
        };
    SignalCollector collector =
        new SignalCollector(
            ledger,
            (ns, pod) -> {
              together(barrier);
              return Optional.of("ERROR TaskSetManager: Task 17 in stage 4.0 failed 4 times");
            },
            node -> {
              together(barrier);
              return Optional.of(new NodeFacts(node, null, null, null, null, false));
            },
            events);
    SparkApplication app = new SparkApplication();
    app.setMetadata(new ObjectMetaBuilder().withName("etl").withNamespace("team-a").build());
    SparkApplicationStatus status = new SparkApplicationStatus();
    status.setSubmissionId("run-1");
    app.setStatus(status);

    FailureSignals signals = collector.collect(app, List.of());

    assertThat(signals.nodes())
        .containsOnlyKeys("ip-10-0-41-7.ec2.internal", "ip-10-0-42-9.ec2.internal");
    assertThat(signals.driverLog()).contains("failed 4 times");
    assertThat(signals.events())
        .extracting(ClusterEvent::reason)
        .containsExactly("Evicted", "SpotInterruption", "SpotInterruption");
  }
}
