package io.sparkmedic.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** {@code status} of a {@link TuningPolicy}: whether it is valid, in Kubernetes condition form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TuningPolicyStatus {

  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many SparkApplications in the namespace this policy governs now.")
  private Integer selectedApplications;

  @JsonPropertyDescription(
      "How many SparkRemediations were made under this policy (still recorded).")
  private Integer remediations;

  public Integer getSelectedApplications() {
    return selectedApplications;
  }

  public void setSelectedApplications(Integer selectedApplications) {
    this.selectedApplications = selectedApplications;
  }

  public Integer getRemediations() {
    return remediations;
  }

  public void setRemediations(Integer remediations) {
    this.remediations = remediations;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
