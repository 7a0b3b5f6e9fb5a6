package io.sparkmedic.remediation.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cause found for a failed run, with how sure, whether another run can succeed, a one-sentence
 * summary and the evidence as sentences that quote the numbers. A diagnosis built from Spark's own
 * metrics may also carry what those numbers prescribe: Spark settings ({@code suggestedConf}) a
 * plan may apply under its policy, and advice for a person.
 */
public record Diagnosis(
    DiagnosisCategory category,
    Confidence confidence,
    boolean retryable,
    String summary,
    List<String> evidence,
    Map<String, String> suggestedConf,
    List<String> advice) {

  public Diagnosis {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
    suggestedConf =
        suggestedConf == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(suggestedConf));
    advice = advice == null ? List.of() : List.copyOf(advice);
  }

  public Diagnosis(
      DiagnosisCategory category,
      Confidence confidence,
      boolean retryable,
      String summary,
      List<String> evidence) {
    this(category, confidence, retryable, summary, evidence, Map.of(), List.of());
  }

  /** A diagnosis whose retryability is its category's. */
  public Diagnosis(
      DiagnosisCategory category, Confidence confidence, String summary, List<String> evidence) {
    this(category, confidence, category.retryable(), summary, evidence);
  }
}
