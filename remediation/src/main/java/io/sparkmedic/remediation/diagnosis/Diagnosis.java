package io.sparkmedic.remediation.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * One cause found for a failed run, with how sure, whether another run can succeed, a one-sentence
 * summary and the evidence as sentences that quote the numbers.
 */
public record Diagnosis(
    DiagnosisCategory category,
    Confidence confidence,
    boolean retryable,
    String summary,
    List<String> evidence) {

  public Diagnosis {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
  }

  /** A diagnosis whose retryability is its category's. */
  public Diagnosis(
      DiagnosisCategory category, Confidence confidence, String summary, List<String> evidence) {
    this(category, confidence, category.retryable(), summary, evidence);
  }
}
