package io.sparkmedic.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** {@code spec} of a {@link TuningPolicy}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TuningPolicySpec {

  /**
   * A Spark memory string: an integer with an optional unit, no fractions ({@code 8g}, {@code
   * 5120m}).
   */
  public static final String MEMORY_PATTERN = "^[0-9]+([kKmMgGtTpP][bB]?|[bB])?$";

  @Required
  @JsonPropertyDescription(
      "Which SparkApplications in this namespace the policy covers. An empty selector selects all.")
  private LabelSelector selector;

  @Default("0")
  @JsonPropertyDescription(
      "When several policies select one application, the highest priority wins.")
  private Integer priority;

  @Default("Remediate")
  @JsonPropertyDescription(
      "Remediate: change and resubmit applications. Advise: record and explain, change nothing.")
  private PolicyMode mode;

  @JsonPropertyDescription("How many remediations one application may get before Sparkmedic stops.")
  private Budget budget;

  @JsonPropertyDescription(
      "Per-category settings; categories not listed use the defaults (remediate, factor 1.5).")
  private List<CategoryRule> rules = new ArrayList<>();

  @JsonPropertyDescription("Absolute limits no remediation may exceed.")
  private Ceilings ceilings;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public PolicyMode getMode() {
    return mode;
  }

  public void setMode(PolicyMode mode) {
    this.mode = mode;
  }

  public Budget getBudget() {
    return budget;
  }

  public void setBudget(Budget budget) {
    this.budget = budget;
  }

  public List<CategoryRule> getRules() {
    return rules;
  }

  public void setRules(List<CategoryRule> rules) {
    this.rules = rules;
  }

  public Ceilings getCeilings() {
    return ceilings;
  }

  public void setCeilings(Ceilings ceilings) {
    this.ceilings = ceilings;
  }

  /** Whether the policy acts or only advises. */
  public enum PolicyMode {
    Remediate,
    Advise
  }

  /** What a rule tells Sparkmedic to do with a diagnosis category. */
  public enum RuleAction {
    Remediate,
    Ignore
  }

  /** {@code spec.budget}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Budget {
    @Default("3")
    @Min(0)
    @Max(20)
    @JsonPropertyDescription(
        "Remediations allowed for application causes (memory) per application before it is left failed.")
    private Integer applicationAttempts;

    public Integer getApplicationAttempts() {
      return applicationAttempts;
    }

    public void setApplicationAttempts(Integer applicationAttempts) {
      this.applicationAttempts = applicationAttempts;
    }
  }

  /** {@code spec.rules[]}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CategoryRule {
    @Required
    @Pattern("^[A-Z][A-Z_]*$")
    @JsonPropertyDescription("A diagnosis category, e.g. EXECUTOR_CONTAINER_OOM.")
    private String category;

    @Default("Remediate")
    private RuleAction action;

    @Min(1.0)
    @Max(4.0)
    @JsonPropertyDescription("Multiplier applied to the setting the category raises (1.0 to 4.0).")
    private Double factor;

    public String getCategory() {
      return category;
    }

    public void setCategory(String category) {
      this.category = category;
    }

    public RuleAction getAction() {
      return action;
    }

    public void setAction(RuleAction action) {
      this.action = action;
    }

    public Double getFactor() {
      return factor;
    }

    public void setFactor(Double factor) {
      this.factor = factor;
    }
  }

  /** {@code spec.ceilings}: Spark memory strings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Ceilings {
    @Pattern(MEMORY_PATTERN)
    private String executorMemory;

    @Pattern(MEMORY_PATTERN)
    private String executorMemoryOverhead;

    @Pattern(MEMORY_PATTERN)
    private String driverMemory;

    @Pattern(MEMORY_PATTERN)
    private String driverMemoryOverhead;

    public String getExecutorMemory() {
      return executorMemory;
    }

    public void setExecutorMemory(String executorMemory) {
      this.executorMemory = executorMemory;
    }

    public String getExecutorMemoryOverhead() {
      return executorMemoryOverhead;
    }

    public void setExecutorMemoryOverhead(String executorMemoryOverhead) {
      this.executorMemoryOverhead = executorMemoryOverhead;
    }

    public String getDriverMemory() {
      return driverMemory;
    }

    public void setDriverMemory(String driverMemory) {
      this.driverMemory = driverMemory;
    }

    public String getDriverMemoryOverhead() {
      return driverMemoryOverhead;
    }

    public void setDriverMemoryOverhead(String driverMemoryOverhead) {
      this.driverMemoryOverhead = driverMemoryOverhead;
    }
  }
}
