package io.sparkmedic.remediation.eventlog.finding;

import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every check over a run's model; findings come most severe first. */
public final class FindingDetector {

  private final FindingThresholds thresholds;

  public FindingDetector(FindingThresholds thresholds) {
    this.thresholds = thresholds;
  }

  public List<Finding> detect(ApplicationModel model, WhatIfReport whatIf) {
    List<Finding> out = new ArrayList<>(new SkewCheck(model, thresholds).find());
    List<Integer> skewed = out.stream().flatMap(f -> f.stageIds().stream()).toList();
    new SpillCheck(model, thresholds).find().ifPresent(out::add);
    PartitionCheck partitions = new PartitionCheck(model, thresholds);
    partitions.tooFew().ifPresent(out::add);
    partitions.tooMany().ifPresent(out::add);
    new GcCheck(model, thresholds).find(skewed).ifPresent(out::add);
    new FailureCheck(model, thresholds).find().ifPresent(out::add);
    new IdleExecutorCheck(model, thresholds).find(whatIf).ifPresent(out::add);
    out.sort(
        Comparator.comparing(Finding::severity)
            .reversed()
            .thenComparing(Finding::type)
            .thenComparing(f -> f.stageIds().isEmpty() ? -1 : f.stageIds().get(0)));
    return List.copyOf(out);
  }
}
