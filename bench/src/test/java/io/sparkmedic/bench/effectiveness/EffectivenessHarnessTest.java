package io.sparkmedic.bench.effectiveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.bench.effectiveness.EffectivenessReport.ContenderNumbers;
import io.sparkmedic.bench.effectiveness.Scenario.Submitted;
import io.sparkmedic.bench.effectiveness.Scenario.Truth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A five-scenario run of the effectiveness harness under every contender, so that the benchmark
 * cannot rot unnoticed; the benchmark itself runs only by its own command (docs/benchmarks.md).
 */
class EffectivenessHarnessTest {

  private static final Submitted SPEC = new Submitted("1g", null, 1, "2g", null, 2, 2);

  private static List<ScenarioOutcome> outcomes;
  private static EffectivenessReport report;
  private static List<Contender> contenders;

  private static Scenario scenario(String id, ScenarioKind kind, Truth truth) {
    return new Scenario(id, kind, "smoke", SPEC, truth);
  }

  private static Truth truth(long executorOverheadNeed, int spot, int transientErrors, String bug) {
    return new Truth(1500, executorOverheadNeed, 600, 200, 10, 0, 0, spot, 0, transientErrors, bug);
  }

  @BeforeAll
  static void runFiveScenarios() throws Exception {
    ScenarioCorpus corpus =
        new ScenarioCorpus(
            0,
            List.of(),
            List.of(
                scenario("healthy", ScenarioKind.HEALTHY, truth(300, 0, 0, null)),
                scenario("overhead", ScenarioKind.EXECUTOR_OVERHEAD, truth(480, 0, 0, null)),
                scenario("spot", ScenarioKind.SPOT, truth(300, 1, 0, null)),
                scenario("throttled", ScenarioKind.TRANSIENT, truth(300, 0, 1, null)),
                scenario(
                    "bug",
                    ScenarioKind.CODE_BUG,
                    truth(
                        300,
                        0,
                        0,
                        "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The"
                            + " table or view `sales`.`orders_v2` cannot be found."))));
    contenders = EffectivenessRun.standardContenders();
    outcomes =
        new EffectivenessRun(
                corpus,
                contenders,
                new EffectivenessRun.Settings(
                    600, Duration.ofMillis(40), 25, Duration.ofSeconds(40)),
                line -> {})
            .run();
    report = new EffectivenessReport(contenders.stream().map(Contender::name).toList(), outcomes);
  }

  private static ContenderNumbers numbers(int contender) {
    return report.numbers(contenders.get(contender).name());
  }

  @Test
  void everyScenarioEndsUnderEveryContenderBeforeItsDeadline() {
    assertThat(outcomes).hasSize(25);
    assertThat(outcomes).noneMatch(ScenarioOutcome::timedOut);
    assertThat(outcomes)
        .filteredOn(o -> o.scenario().id().equals("healthy"))
        .allSatisfy(
            o -> {
              assertThat(o.completed()).isTrue();
              assertThat(o.attempts()).hasSize(1);
              assertThat(o.wastedGibHours()).isZero();
              assertThat(o.executorOverProvisioning()).isEqualTo(1.0);
            });
  }

  @Test
  void withoutRetriesNothingRecoversAndTheSparkOperatorRetriesACodeBugThreeTimes() {
    assertThat(numbers(0).recovered()).isZero();
    assertThat(numbers(0).remediable()).isEqualTo(3);
    assertThat(numbers(0).wastedGibHours()).isPositive();
    assertThat(numbers(1).codeBugRetries()).isEqualTo(3);
    assertThat(numbers(1).recovered()).isEqualTo(2); // spot and throttling: the same spec passes
  }

  @Test
  void theFixedMultiplierMovesEveryFailedJobToOnDemandAndRetriesTheCodeBug() {
    assertThat(numbers(2).executorsOnDemand()).isEqualTo(4);
    assertThat(numbers(2).codeBugRetries()).isEqualTo(3);
  }

  @Test
  void sparkmedicRecoversEachRemediableFailureOnceAndLeavesTheCodeBugAlone() {
    for (int c : new int[] {3, 4}) {
      ContenderNumbers n = numbers(c);
      assertThat(n.recovered()).as(n.contender()).isEqualTo(3);
      assertThat(n.retriesPerRecovery()).as(n.contender()).isEqualTo(1.0);
      assertThat(n.codeBugRetries()).as(n.contender()).isZero();
    }
    assertThat(numbers(3).executorsOnDemand()).isEqualTo(1); // the spot job, default policy
    assertThat(numbers(4).executorsOnDemand()).isZero(); // cost-first keeps executors on spot
  }

  @Test
  void theReportHasARowPerContender() {
    String table = report.summaryTable();
    for (Contender c : contenders) {
      assertThat(table).contains("| " + c.name() + " |");
    }
    assertThat(report.details().lines()).hasSize(26);
  }
}
