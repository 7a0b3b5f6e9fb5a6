package io.sparkmedic.remediation.eventlog;

import io.sparkmedic.remediation.eventlog.finding.FindingDetector;
import io.sparkmedic.remediation.eventlog.finding.FindingThresholds;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import io.sparkmedic.remediation.eventlog.model.ApplicationModel;
import io.sparkmedic.remediation.eventlog.model.EventLogReplay;
import io.sparkmedic.remediation.eventlog.model.InputStats;
import io.sparkmedic.remediation.eventlog.whatif.ExecutorCountSimulator;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Analyses Spark event logs: plain or compressed (zstd, lz4, snappy, gzip), single files or
 * rolling-log directories, complete or in progress. One streaming pass; memory is bounded by the
 * tasks of the stages running at once, not by the size of the log. Pure: no clock, no network.
 *
 * <pre>{@code
 * EventLogAnalysis a = new EventLogAnalyzer().analyze(Path.of("eventlog_v2_app-1"));
 * a.skews().forEach(s -> ...);   // what a DATA_SKEW diagnosis consumes
 * }</pre>
 */
public final class EventLogAnalyzer {

  private final FindingDetector detector;

  public EventLogAnalyzer() {
    this(FindingThresholds.DEFAULTS);
  }

  public EventLogAnalyzer(FindingThresholds thresholds) {
    this.detector = new FindingDetector(thresholds);
  }

  /** The event log at a path: a file, or a rolling-log directory ({@code eventlog_v2_<appId>/}). */
  public EventLogAnalysis analyze(Path path) throws EventLogException {
    return analyze(EventLogFiles.of(path), ProgressListener.NONE);
  }

  /**
   * One event-log file as a stream (its codec recognised from its first bytes); the caller closes
   * it.
   */
  public EventLogAnalysis analyze(InputStream in, String name) throws EventLogException {
    return analyze(EventLogFiles.ofStream(name, in), ProgressListener.NONE);
  }

  public EventLogAnalysis analyze(EventLogFiles log, ProgressListener progress)
      throws EventLogException {
    EventLogReplay.Result replayed = EventLogReplay.replay(log, progress);
    return analyze(replayed.model(), replayed.input());
  }

  /** Findings and what-if for a model built elsewhere (a live driver's stage summaries). */
  public EventLogAnalysis analyze(ApplicationModel model, InputStats input) {
    boolean timed = model.stages().stream().anyMatch(s -> s.makespan() != null);
    WhatIfReport whatIf = timed ? ExecutorCountSimulator.predict(model) : WhatIfReport.NONE;
    return new EventLogAnalysis(model, input, detector.detect(model, whatIf), whatIf);
  }
}
