package io.sparkmedic.bench.effectiveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCorpusTest {

  @Test
  void theBuiltInCorpusIsTheGeneratorsOutputForItsSeed(@TempDir Path dir) throws Exception {
    ScenarioCorpus builtIn = ScenarioCorpus.builtIn();
    ScenarioCorpus regenerated =
        CorpusGenerator.generate(CorpusGenerator.DEFAULT_SEED, CorpusGenerator.DEFAULT_SIZE);

    assertThat(builtIn.seed()).isEqualTo(CorpusGenerator.DEFAULT_SEED);
    assertThat(builtIn.scenarios()).isEqualTo(regenerated.scenarios());
    Path written = dir.resolve("scenarios.yaml");
    regenerated.write(written, java.util.List.of());
    assertThat(ScenarioCorpus.read(written)).isEqualTo(regenerated);
    assertThat(Files.size(written)).isPositive();
  }

  @Test
  void theCorpusHasAtLeast300ScenariosDrawnFromTheMix() {
    ScenarioCorpus corpus = ScenarioCorpus.builtIn();
    Map<ScenarioKind, Long> counts =
        corpus.scenarios().stream()
            .collect(Collectors.groupingBy(Scenario::kind, Collectors.counting()));

    assertThat(corpus.scenarios()).hasSizeGreaterThanOrEqualTo(300);
    CorpusGenerator.MIX.forEach(
        (kind, share) ->
            assertThat(counts.getOrDefault(kind, 0L))
                .as(kind.name())
                .isBetween(
                    (long) Math.floor(share * corpus.scenarios().size()),
                    (long) Math.ceil(share * corpus.scenarios().size())));
  }

  @Test
  void everyFailingScenarioFailsAsSubmittedAndEveryHealthyOneFits() {
    for (Scenario s : ScenarioCorpus.builtIn().scenarios()) {
      Scenario.Submitted sub = s.submitted();
      Scenario.Truth t = s.truth();
      long execHeap = SparkMemoryMath.heapMiB(sub.executorMemory());
      long execOverhead =
          SparkMemoryMath.overheadMiB(sub.executorMemory(), sub.executorMemoryOverhead());
      long driverHeap = SparkMemoryMath.heapMiB(sub.driverMemory());
      long driverOverhead =
          SparkMemoryMath.overheadMiB(sub.driverMemory(), sub.driverMemoryOverhead());
      boolean memoryShort =
          t.executorHeapNeedMiB() > execHeap
              || t.executorOverheadNeedMiB() > execOverhead
              || t.driverHeapNeedMiB() > driverHeap
              || t.driverOverheadNeedMiB() > driverOverhead;
      boolean skewShort = Math.ceil(51.2 * t.skew()) > execHeap;
      boolean fails =
          memoryShort
              || skewShort
              || t.spotInterruptions() > 0
              || t.transientFailures() > 0
              || t.codeBug() != null;
      assertThat(fails).as(s.id()).isEqualTo(s.failsAsSubmitted());
    }
  }
}
