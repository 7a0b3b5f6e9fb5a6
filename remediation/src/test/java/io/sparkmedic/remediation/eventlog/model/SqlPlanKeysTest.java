package io.sparkmedic.remediation.eventlog.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlPlanKeysTest {

  private static final String PLAN =
      """
      == Physical Plan ==
      OverwriteByExpression (11)
      +- * Project (10)
         +- * SortMergeJoin Inner (9)

      (3) Exchange
      Input [2]: [key#2L, fact_payload#3]
      Arguments: hashpartitioning(key#2L, 32), ENSURE_REQUIREMENTS, [plan_id=36]

      (9) SortMergeJoin [codegen id : 5]
      Left keys [2]: [key#2L, cast(day#4 as date)]
      Right keys [2]: [key#8L, day#9]
      Join type: Inner
      Join condition: None

      (12) ObjectHashAggregate
      Input [2]: [key#2L, v#3L]
      Keys [1]: [key#2L]
      Functions [1]: [partial_collect_list(v#3L, 0, 0)]
      """;

  @Test
  void aStageRunsTheJoinOfItsCodegenStage() {
    List<PlanOperator> ops =
        SqlPlanKeys.parse(PLAN).operatorsOf(List.of("Exchange", "WholeStageCodegen (5)"));

    assertThat(ops)
        .containsExactly(
            new PlanOperator(
                "SortMergeJoin", List.of("key", "cast(day as date)"), List.of("key", "day")));
    assertThat(ops.get(0).describe())
        .isEqualTo("SortMergeJoin on key, cast(day as date) = key, day");
  }

  @Test
  void anOperatorOutsideCodegenIsFoundByItsScopeName() {
    List<PlanOperator> ops = SqlPlanKeys.parse(PLAN).operatorsOf(List.of("ObjectHashAggregate"));

    assertThat(ops)
        .containsExactly(new PlanOperator("ObjectHashAggregate", List.of("key"), List.of()));
  }

  @Test
  void aStageOfAnotherCodegenStageRunsNoneOfThem() {
    assertThat(SqlPlanKeys.parse(PLAN).operatorsOf(List.of("WholeStageCodegen (1)"))).isEmpty();
  }
}
