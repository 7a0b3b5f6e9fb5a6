package io.sparkmedic.operator.eventlog;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;

/**
 * Where Spark's own metrics of one application come from: an event log on a mounted volume, on S3,
 * behind a Spark History Server, or a running driver's UI. Each source reads what it holds and
 * hands it to the same analysis; closing releases what it held (a downloaded archive).
 */
public interface EventLogSource extends AutoCloseable {

  /** Where it reads from, for reports and errors. */
  String location();

  /** Reads the source and analyses it. Errors are one line and name the source. */
  EventLogAnalysis analyze(EventLogAnalyzer analyzer, ProgressListener progress)
      throws EventLogException;

  @Override
  default void close() {}
}
