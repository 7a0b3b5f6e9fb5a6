package io.sparkmedic.remediation.eventlog;

import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.FindingType;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.model.ApplicationInfo;
import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.InputStats;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;
import java.util.List;
import java.util.Objects;

/**
 * What Spark's own metrics say about one run: the stages with their task distributions, the
 * findings (skew, spill, GC, partitioning, idle executors, task failures) with evidence and
 * recommendations, and the what-if at other executor counts.
 *
 * @param model the replayed application
 * @param input what was read
 * @param findings most severe first
 * @param whatIf predicted wall times at other executor counts ({@link WhatIfReport#NONE} when the
 *     source has no per-task timings)
 */
public record EventLogAnalysis(
    ApplicationModel model, InputStats input, List<Finding> findings, WhatIfReport whatIf) {

  public EventLogAnalysis {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    findings = List.copyOf(findings);
    Objects.requireNonNull(whatIf, "whatIf");
  }

  public ApplicationInfo application() {
    return model.application();
  }

  public List<StageSummary> stages() {
    return model.stages();
  }

  public List<Finding> findings(FindingType type) {
    return findings.stream().filter(f -> f.type() == type).toList();
  }

  /** The skewed stages, most severe first: what a {@code DATA_SKEW} diagnosis is built from. */
  public List<StageSkew> skews() {
    return findings.stream().map(Finding::skew).filter(Objects::nonNull).toList();
  }
}
