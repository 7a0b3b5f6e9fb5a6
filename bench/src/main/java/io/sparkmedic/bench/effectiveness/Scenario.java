package io.sparkmedic.bench.effectiveness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sparkmedic.simulator.JobTruth;
import java.time.Duration;
import java.util.Objects;

/**
 * One job of the effectiveness corpus: what its owner submitted, and the hidden truth the simulator
 * fails it by.
 *
 * @param id unique, DNS-1035 (it becomes the {@code SparkApplication}'s name)
 * @param kind why it fails as submitted
 * @param note how its truth was drawn (e.g. the shortfall factor), for readers of the corpus
 */
@JsonPropertyOrder({"id", "kind", "note", "submitted", "truth"})
public record Scenario(
    String id, ScenarioKind kind, String note, Submitted submitted, Truth truth) {

  public Scenario {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(submitted, "submitted");
    Objects.requireNonNull(truth, "truth");
  }

  /**
   * The spec as the job's owner wrote it. Memory strings are Spark's ({@code 4g}, {@code 512m}); an
   * absent overhead is Spark's default, max(0.10 × memory, 384m).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "driverMemory",
    "driverMemoryOverhead",
    "driverCores",
    "executorMemory",
    "executorMemoryOverhead",
    "executorCores",
    "executorInstances"
  })
  public record Submitted(
      String driverMemory,
      String driverMemoryOverhead,
      int driverCores,
      String executorMemory,
      String executorMemoryOverhead,
      int executorCores,
      int executorInstances) {

    /** Executor container memory as submitted, MiB. */
    public long executorContainerMiB() {
      return SparkMemoryMath.containerMiB(executorMemory, executorMemoryOverhead);
    }

    /** Driver container memory as submitted, MiB. */
    public long driverContainerMiB() {
      return SparkMemoryMath.containerMiB(driverMemory, driverMemoryOverhead);
    }
  }

  /**
   * What the job really needs and what will happen to it ({@link JobTruth}'s fields, plus the
   * probabilities the fault counts were drawn from).
   *
   * @param skew the hot join partition's data as a multiple of the median partition's; 0 for none.
   *     Without AQE's skew join it needs {@code 51.2 × skew} MiB of executor heap
   * @param spotInterruptionsPerNodeHour the rate spot reclaims hit this job's nodes at
   * @param spotInterruptions how many of its runs on spot capacity, in a row, lose a node (drawn
   *     from the rate: each run on spot is reclaimed with 1 − exp(−rate × nodes × hours))
   * @param transientFailureChance the chance a run is throttled by S3
   * @param transientFailures how many runs in a row are throttled (drawn from the chance)
   * @param codeBug the exception the job's own code throws on every run, or null
   */
  @JsonPropertyOrder({
    "executorHeapNeedMiB",
    "executorOverheadNeedMiB",
    "driverHeapNeedMiB",
    "driverOverheadNeedMiB",
    "runtimeMinutes",
    "skew",
    "spotInterruptionsPerNodeHour",
    "spotInterruptions",
    "transientFailureChance",
    "transientFailures",
    "codeBug"
  })
  public record Truth(
      long executorHeapNeedMiB,
      long executorOverheadNeedMiB,
      long driverHeapNeedMiB,
      long driverOverheadNeedMiB,
      int runtimeMinutes,
      double skew,
      double spotInterruptionsPerNodeHour,
      int spotInterruptions,
      double transientFailureChance,
      int transientFailures,
      String codeBug) {

    /** Executor container memory the job needs (heap + overhead), MiB. */
    public long executorNeedMiB() {
      return executorHeapNeedMiB + executorOverheadNeedMiB;
    }

    /** Driver container memory the job needs, MiB. */
    public long driverNeedMiB() {
      return driverHeapNeedMiB + driverOverheadNeedMiB;
    }

    /** The truth as the simulator takes it. */
    public JobTruth toJobTruth() {
      return new JobTruth(
          executorHeapNeedMiB,
          executorOverheadNeedMiB,
          driverHeapNeedMiB,
          driverOverheadNeedMiB,
          Duration.ofMinutes(runtimeMinutes),
          spotInterruptions,
          transientFailures,
          codeBug,
          skew);
    }
  }

  /** Remediable: everything but a code bug (skew counts: AQE's skew join, or heap, fixes it). */
  public boolean remediable() {
    return kind.remediable();
  }

  /**
   * The fewest retries any remediator could get this job through with, knowing its truth: one for
   * any mix of memory, skew and spot (fix everything at once), plus one per throttled run (nothing
   * prevents those); 0 for a healthy job. A run that fails for memory does not use up a throttling.
   */
  public int minimumRetries() {
    if (!failsAsSubmitted() || !remediable()) {
      return 0;
    }
    int throttled = truth.transientFailures();
    return switch (kind) {
      case TRANSIENT -> throttled;
      case MEMORY_AND_TRANSIENT -> throttled + 1;
      default -> 1;
    };
  }

  /** Whether the first run fails. */
  public boolean failsAsSubmitted() {
    return kind.failsAsSubmitted();
  }
}
