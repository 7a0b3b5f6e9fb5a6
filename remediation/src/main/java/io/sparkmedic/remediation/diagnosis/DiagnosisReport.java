package io.sparkmedic.remediation.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * All causes found for one failed run, the primary one first: the cause rather than its symptom,
 * the surest rather than the weakest.
 */
public record DiagnosisReport(List<Diagnosis> diagnoses) {

  public DiagnosisReport {
    diagnoses = List.copyOf(diagnoses);
    if (diagnoses.isEmpty()) {
      throw new IllegalArgumentException(
          "a report has at least one diagnosis (UNKNOWN if need be)");
    }
    Objects.requireNonNull(diagnoses.get(0));
  }

  public Diagnosis primary() {
    return diagnoses.get(0);
  }

  public List<Diagnosis> others() {
    return diagnoses.subList(1, diagnoses.size());
  }

  /** Whether a new run can succeed: never when the primary cause is the user's code. */
  public boolean retryable() {
    return primary().retryable();
  }
}
