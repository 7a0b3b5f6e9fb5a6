package io.sparkmedic.remediation.eventlog.model;

import java.util.List;
import java.util.Objects;

/**
 * What an event log (or a live driver) says happened: the application, its stage attempts in
 * submission order, its executors, and the jobs' time spans (for the what-if).
 */
public record ApplicationModel(
    ApplicationInfo application,
    List<StageSummary> stages,
    List<ExecutorSpan> executors,
    ClusterShape cluster,
    List<JobSpan> jobs) {

  /**
   * One job: when it ran and which stage attempts it ran.
   *
   * @param jobId Spark's job id
   * @param startTime epoch ms
   * @param endTime epoch ms, or -1 while running
   * @param succeeded whether it succeeded
   * @param stageIds the stages it submitted (skipped ones excluded)
   */
  public record JobSpan(
      int jobId, long startTime, long endTime, boolean succeeded, List<Integer> stageIds) {
    public JobSpan {
      stageIds = List.copyOf(stageIds);
    }
  }

  public ApplicationModel {
    Objects.requireNonNull(application, "application");
    stages = List.copyOf(stages);
    executors = List.copyOf(executors);
    jobs = List.copyOf(jobs);
  }

  /** The latest attempt of a stage, if it ran. */
  public java.util.Optional<StageSummary> stage(int stageId) {
    StageSummary found = null;
    for (StageSummary s : stages) {
      if (s.stageId() == stageId && (found == null || s.attemptId() > found.attemptId())) {
        found = s;
      }
    }
    return java.util.Optional.ofNullable(found);
  }
}
