package io.sparkmedic.remediation.eventlog.finding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the metrics of a run show, with how much it matters, the evidence as sentences quoting
 * the numbers, and what to change.
 *
 * @param type what it is about
 * @param severity how much it matters
 * @param stageIds the stages concerned, ascending (empty for application-wide findings)
 * @param summary one sentence
 * @param evidence sentences with the numbers
 * @param recommendations changes that address it, most direct first
 * @param skew for {@link FindingType#DATA_SKEW}, the skewed stage's numbers; otherwise null
 */
public record Finding(
    FindingType type,
    Severity severity,
    List<Integer> stageIds,
    String summary,
    List<String> evidence,
    List<Recommendation> recommendations,
    StageSkew skew) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    stageIds = stageIds.stream().distinct().sorted().toList();
    Objects.requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
    recommendations = List.copyOf(recommendations);
    if ((skew != null) != (type == FindingType.DATA_SKEW)) {
      throw new IllegalArgumentException("a StageSkew goes with DATA_SKEW findings only");
    }
  }

  public Optional<StageSkew> stageSkew() {
    return Optional.ofNullable(skew);
  }
}
