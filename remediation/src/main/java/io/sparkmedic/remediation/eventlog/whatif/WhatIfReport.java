package io.sparkmedic.remediation.eventlog.whatif;

import java.util.List;
import java.util.Optional;

/**
 * What other executor counts would have done to the application's wall time, from a schedule
 * simulation over its recorded tasks.
 *
 * @param actualMs the run's wall time
 * @param executors the peak executor count it had
 * @param slotsPerExecutor task slots per executor
 * @param driverMs time in which no job ran (driver work: planning, collecting, writing), which
 *     executors do not shorten
 * @param minimumMs the wall time with one slot per task: driver time plus each job's critical path
 * @param points predictions, by executor count
 */
public record WhatIfReport(
    long actualMs,
    int executors,
    int slotsPerExecutor,
    long driverMs,
    long minimumMs,
    List<WhatIf> points) {

  public static final WhatIfReport NONE = new WhatIfReport(0, 0, 1, 0, 0, List.of());

  public WhatIfReport {
    points = List.copyOf(points);
  }

  public Optional<WhatIf> at(int executorCount) {
    return points.stream().filter(p -> p.executors() == executorCount).findFirst();
  }
}
