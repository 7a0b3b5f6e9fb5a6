package io.sparkmedic.remediation.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * One cause found for a failed run, with how sure, a one-sentence summary and the evidence as
 * sentences that quote the numbers.
 */
public record Diagnosis(
    DiagnosisCategory category, Confidence confidence, String summary, List<String> evidence) {

  public Diagnosis {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
  }

  public boolean retryable() {
    return category.retryable();
  }
}
