package io.sparkmedic.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.operator.cli.KubeDump;
import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.SparkRole;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodTerminationsTest {

  private static List<Pod> pods() throws Exception {
    return KubeDump.read(Path.of("src/test/resources/dumps/executor-oom/pods.yaml"))
        .ofKind("Pod", Pod.class);
  }

  @Test
  void readsTheSparkContainerNotTheSidecar() throws Exception {
    Pod executor = pods().get(1);

    ContainerTermination t = PodTerminations.of(executor).orElseThrow();

    assertThat(t.role()).isEqualTo(SparkRole.EXECUTOR);
    assertThat(t.executorId()).isEqualTo("1");
    assertThat(t.exitCode()).isEqualTo(137);
    assertThat(t.reason()).isEqualTo("OOMKilled");
    assertThat(t.submissionId()).isEqualTo("0c6a2b4e-3f5d-4e1a-9b7c-8d2e1f0a3b4c");
    assertThat(t.nodeName()).isEqualTo("ip-10-0-41-7.ec2.internal");
    assertThat(t.finishedAt()).hasToString("2026-11-20T22:29:12Z");
  }

  @Test
  void theDriversRoleComesFromItsLabel() throws Exception {
    ContainerTermination t = PodTerminations.of(pods().get(0)).orElseThrow();

    assertThat(t.role()).isEqualTo(SparkRole.DRIVER);
    assertThat(t.executorId()).isNull();
    assertThat(t.exitCode()).isEqualTo(1);
  }

  @Test
  void aRunningPodHasNoTermination() throws Exception {
    Pod running = pods().get(1);
    running.getStatus().getContainerStatuses().get(0).getState().setTerminated(null);
    running.getStatus().setPhase("Running");

    assertThat(PodTerminations.of(running)).isEmpty();
  }

  @Test
  void aPodWithoutSparkLabelsIsIgnored() throws Exception {
    Pod pod = pods().get(1);
    pod.getMetadata().getLabels().remove("spark-role");

    assertThat(PodTerminations.of(pod)).isEmpty();
  }

  @Test
  void theLedgerKeepsATerminationAfterThePodIsGoneAndBoundsItsSize() {
    TerminationLedger ledger = new TerminationLedger();
    for (int i = 0; i < TerminationLedger.MAX_PER_APPLICATION + 50; i++) {
      ledger.record(
          "team-a",
          "spark-etl",
          new ContainerTermination(
              SparkRole.EXECUTOR,
              "exec-" + i,
              String.valueOf(i),
              "run-1",
              137,
              "OOMKilled",
              null,
              null,
              null,
              null,
              null));
    }

    List<ContainerTermination> kept = ledger.forSubmission("team-a", "spark-etl", "run-1");
    assertThat(kept).hasSize(TerminationLedger.MAX_PER_APPLICATION);
    assertThat(kept.get(0).podName()).isEqualTo("exec-50");
    assertThat(ledger.forSubmission("team-a", "spark-etl", "run-2")).isEmpty();
  }

  /** Every pod of every kubectl dump under src/test/resources/dumps. */
  private static List<Pod> allDumpedPods() throws Exception {
    List<Pod> all = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.walk(Path.of("src/test/resources/dumps"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals("pods.yaml")).toList()) {
        all.addAll(KubeDump.read(f).ofKind("Pod", Pod.class));
      }
    }
    return all;
  }

  @Test
  void theCacheViewKeepsEverythingTheDiagnosisReadsAndDropsTheRest() throws Exception {
    List<Pod> pods = allDumpedPods();
    assertThat(pods).hasSizeGreaterThan(20);
    int terminated = 0;
    for (Pod pod : pods) {
      String before = Serialization.asJson(pod);

      Pod view = PodTerminations.cacheView(pod);

      assertThat(Serialization.asJson(pod)).as("the input is left as it was").isEqualTo(before);
      String name = pod.getMetadata().getName();
      assertThat(PodTerminations.of(view)).as(name).isEqualTo(PodTerminations.of(pod));
      assertThat(PodTerminations.waiting(view)).as(name).isEqualTo(PodTerminations.waiting(pod));
      assertThat(PodTerminations.role(view)).as(name).isEqualTo(PodTerminations.role(pod));
      assertThat(PodTerminations.applicationName(view))
          .as(name)
          .isEqualTo(PodTerminations.applicationName(pod));
      assertThat(PodTerminations.disruption(view))
          .as(name)
          .isEqualTo(PodTerminations.disruption(pod));
      assertThat(view.getMetadata().getResourceVersion())
          .isEqualTo(pod.getMetadata().getResourceVersion());
      assertThat(view.getSpec().getContainers()).isEmpty();
      assertThat(view.getSpec().getVolumes()).isEmpty();
      assertThat(view.getMetadata().getAnnotations()).isEmpty();
      assertThat(view.getMetadata().getOwnerReferences()).isEmpty();
      assertThat(Serialization.asJson(view).length()).isLessThan(before.length());
      terminated += PodTerminations.of(pod).isPresent() ? 1 : 0;
    }
    assertThat(terminated).as("the dumps hold terminated Spark pods").isGreaterThan(10);
  }

  @Test
  void theCacheViewOfAnApiServerPodDropsManagedFieldsAndTheContainerSpecs() throws Exception {
    Pod pod = pods().get(1);
    pod.getMetadata()
        .setManagedFields(
            List.of(
                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                    .withManager("kubelet")
                    .withOperation("Update")
                    .withSubresource("status")
                    .build()));

    Pod view = PodTerminations.cacheView(pod);

    assertThat(view.getMetadata().getManagedFields()).isEmpty();
    assertThat(view.getStatus().getContainerStatuses())
        .allSatisfy(c -> assertThat(c.getImage()).isNull());
    assertThat(view.getSpec().getNodeName()).isEqualTo("ip-10-0-41-7.ec2.internal");
  }
}
