package io.sparkmedic.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** {@code spec} of a {@link TuningPolicy}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.rules) || self.rules.all(r, self.rules.filter(x, x.category == r.category).size() == 1)",
    message = "each category may have one rule only")
public class TuningPolicySpec {

  /**
   * A Spark memory string: an integer with an optional unit, no fractions ({@code 8g}, {@code
   * 5120m}).
   */
  /** Sparkmedic's diagnosis categories, so that a misspelt rule is rejected at admission. */
  public static final String CATEGORY_PATTERN =
      "^(EXECUTOR_HEAP_OOM|EXECUTOR_CONTAINER_OOM|DRIVER_HEAP_OOM|DRIVER_CONTAINER_OOM"
          + "|SPOT_INTERRUPTION|NODE_LOSS|DATA_SKEW|SHUFFLE_FETCH_FAILURE|INSUFFICIENT_PARALLELISM"
          + "|TRANSIENT_EXTERNAL|SUBMISSION_FAILURE|USER_CODE_ERROR|STUCK|UNKNOWN)$";

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

  @Default("InPlace")
  @JsonPropertyDescription(
      "InPlace: patch the application; the Spark operator restarts it under the same name."
          + " NewApplication: create <name>-r<N> with the changes and restartPolicy Never; the"
          + " failed application stays as an audit record.")
  private Strategy strategy;

  @JsonPropertyDescription(
      "How many resubmissions one application may get, per kind of cause, before Sparkmedic stops.")
  private Budget budget;

  @JsonPropertyDescription(
      "The wait before each resubmission: initial × multiplier^(n-1), at most max.")
  private Backoff backoff;

  @JsonPropertyDescription(
      "Where on-demand capacity is, and which pods move there after spot interruptions.")
  private OnDemand onDemand;

  @JsonPropertyDescription("How Sparkmedic checks that a resubmission really happened.")
  private Verification verification;

  @JsonPropertyDescription(
      "Where Spark's event logs of the selected applications are, for skew and spill evidence.")
  private EventLogs eventLogs;

  public EventLogs getEventLogs() {
    return eventLogs;
  }

  public void setEventLogs(EventLogs eventLogs) {
    this.eventLogs = eventLogs;
  }

  @JsonPropertyDescription(
      "Per-category settings; categories not listed use the defaults (remediate, factor 1.5).")
  @Size(max = 20)
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

  public Strategy getStrategy() {
    return strategy;
  }

  public void setStrategy(Strategy strategy) {
    this.strategy = strategy;
  }

  public Backoff getBackoff() {
    return backoff;
  }

  public void setBackoff(Backoff backoff) {
    this.backoff = backoff;
  }

  public OnDemand getOnDemand() {
    return onDemand;
  }

  public void setOnDemand(OnDemand onDemand) {
    this.onDemand = onDemand;
  }

  public Verification getVerification() {
    return verification;
  }

  public void setVerification(Verification verification) {
    this.verification = verification;
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

  /** How a plan reaches the cluster. */
  public enum Strategy {
    InPlace,
    NewApplication
  }

  /** Which pods move to on-demand capacity. */
  public enum OnDemandScope {
    Executors,
    Driver,
    All
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
        "Resubmissions allowed for application causes (memory, parallelism, skew) before the"
            + " application is left failed.")
    private Integer applicationAttempts;

    @Default("5")
    @Min(0)
    @Max(50)
    @JsonPropertyDescription(
        "Resubmissions allowed for infrastructure causes (spot, lost nodes, transient errors,"
            + " timeouts, unknown) before the application is left failed.")
    private Integer infrastructureAttempts;

    public Integer getApplicationAttempts() {
      return applicationAttempts;
    }

    public void setApplicationAttempts(Integer applicationAttempts) {
      this.applicationAttempts = applicationAttempts;
    }

    public Integer getInfrastructureAttempts() {
      return infrastructureAttempts;
    }

    public void setInfrastructureAttempts(Integer infrastructureAttempts) {
      this.infrastructureAttempts = infrastructureAttempts;
    }
  }

  /** {@code spec.rules[]}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CategoryRule {
    @Required
    @Pattern(CATEGORY_PATTERN)
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

    @Min(1)
    @JsonPropertyDescription(
        "The most executors a plan may ask for (spec.executor.instances, or maxExecutors with"
            + " dynamic allocation).")
    private Integer executors;

    @Pattern(MEMORY_PATTERN)
    @JsonPropertyDescription(
        "The most memory one run may hold: driver container + every executor container.")
    private String totalMemory;

    public Integer getExecutors() {
      return executors;
    }

    public void setExecutors(Integer executors) {
      this.executors = executors;
    }

    public String getTotalMemory() {
      return totalMemory;
    }

    public void setTotalMemory(String totalMemory) {
      this.totalMemory = totalMemory;
    }

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

  /** {@code spec.backoff}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "!has(self.initialSeconds) || !has(self.maxSeconds) || self.maxSeconds >= self.initialSeconds",
      message = "backoff.maxSeconds must be at least backoff.initialSeconds")
  public static class Backoff {
    @Default("15")
    @Min(0)
    @Max(86400)
    private Integer initialSeconds;

    @Default("2.0")
    @Min(1.0)
    @Max(10.0)
    private Double multiplier;

    @Default("600")
    @Min(0)
    @Max(86400)
    private Integer maxSeconds;

    public Integer getInitialSeconds() {
      return initialSeconds;
    }

    public void setInitialSeconds(Integer initialSeconds) {
      this.initialSeconds = initialSeconds;
    }

    public Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(Double multiplier) {
      this.multiplier = multiplier;
    }

    public Integer getMaxSeconds() {
      return maxSeconds;
    }

    public void setMaxSeconds(Integer maxSeconds) {
      this.maxSeconds = maxSeconds;
    }
  }

  /** {@code spec.onDemand}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OnDemand {
    @Default("karpenter.sh/capacity-type")
    @JsonPropertyDescription(
        "Node label that marks on-demand capacity: karpenter.sh/capacity-type (Karpenter) or"
            + " eks.amazonaws.com/capacityType (EKS managed node groups).")
    private String labelKey;

    @Size(min = 1, max = 10)
    @JsonPropertyDescription(
        "Values of that label on on-demand nodes: [on-demand] for Karpenter, [ON_DEMAND] for EKS"
            + " managed node groups.")
    private List<String> labelValues;

    @Default("All")
    @JsonPropertyDescription(
        "Which pods move after spot losses: All (driver and executors), Executors, or Driver.")
    private OnDemandScope scope;

    @Default("1")
    @Min(1)
    @Max(10)
    @JsonPropertyDescription("Move after this many spot interruptions of the application.")
    private Integer afterSpotLosses;

    public String getLabelKey() {
      return labelKey;
    }

    public void setLabelKey(String labelKey) {
      this.labelKey = labelKey;
    }

    public List<String> getLabelValues() {
      return labelValues;
    }

    public void setLabelValues(List<String> labelValues) {
      this.labelValues = labelValues;
    }

    public OnDemandScope getScope() {
      return scope;
    }

    public void setScope(OnDemandScope scope) {
      this.scope = scope;
    }

    public Integer getAfterSpotLosses() {
      return afterSpotLosses;
    }

    public void setAfterSpotLosses(Integer afterSpotLosses) {
      this.afterSpotLosses = afterSpotLosses;
    }
  }

  /** {@code spec.verification}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Verification {
    @Default("120")
    @Min(10)
    @Max(3600)
    @JsonPropertyDescription(
        "InPlace: seconds to wait for the Spark operator to restart a patched application before"
            + " nudging it once more, and then giving up with outcome Failed.")
    private Integer restartDeadlineSeconds;

    public Integer getRestartDeadlineSeconds() {
      return restartDeadlineSeconds;
    }

    public void setRestartDeadlineSeconds(Integer restartDeadlineSeconds) {
      this.restartDeadlineSeconds = restartDeadlineSeconds;
    }
  }

  /** {@code spec.eventLogs}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EventLogs {
    @JsonPropertyDescription(
        "A directory as in spark.eventLog.dir (a mounted path, s3://bucket/prefix or"
            + " s3a://bucket/prefix) or a Spark History Server URL. Default: the operator's"
            + " --event-log-location, else each application's own spark.eventLog.dir.")
    private String location;

    public String getLocation() {
      return location;
    }

    public void setLocation(String location) {
      this.location = location;
    }
  }
}
