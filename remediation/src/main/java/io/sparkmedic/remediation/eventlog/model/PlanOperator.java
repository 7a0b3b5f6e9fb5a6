package io.sparkmedic.remediation.eventlog.model;

import java.util.List;

/**
 * A join or aggregation of a stage's SQL plan, with the keys it partitions its data by: where data
 * skew comes from.
 *
 * @param name as the plan shows it: {@code SortMergeJoin}, {@code SortMergeJoin(skew=true)}, {@code
 *     ShuffledHashJoin}, {@code HashAggregate}, {@code ObjectHashAggregate}, ...
 * @param keys the join's left keys or the aggregation's grouping keys, expression ids removed
 *     ({@code key}, not {@code key#2L})
 * @param otherKeys a join's right keys; empty for an aggregation
 */
public record PlanOperator(String name, List<String> keys, List<String> otherKeys) {

  public PlanOperator {
    keys = List.copyOf(keys);
    otherKeys = List.copyOf(otherKeys);
  }

  public boolean isJoin() {
    return name.contains("Join") || name.contains("CartesianProduct");
  }

  /** "SortMergeJoin on key = key", "ObjectHashAggregate by key". */
  public String describe() {
    if (isJoin()) {
      return name + " on " + String.join(", ", keys) + " = " + String.join(", ", otherKeys);
    }
    return name + " by " + String.join(", ", keys);
  }
}
