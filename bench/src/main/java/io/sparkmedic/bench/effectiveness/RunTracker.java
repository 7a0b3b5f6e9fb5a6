package io.sparkmedic.bench.effectiveness;

import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows one application's runs from the watch events of its {@code SparkApplication}: a new
 * {@code status.submissionId} starts a run (its spec is read at that moment), {@code FAILING} or
 * {@code FAILED} ends it failed, {@code SUCCEEDING} or {@code COMPLETED} ends it completed. Times
 * are taken when the event arrives and scaled to simulated time.
 */
final class RunTracker {

  private static final Set<String> ENDED_FAILED =
      Set.of(
          ApplicationStates.FAILING,
          ApplicationStates.FAILED,
          ApplicationStates.INVALIDATING,
          ApplicationStates.PENDING_RERUN);
  private static final Set<String> ENDED_COMPLETED =
      Set.of(ApplicationStates.SUCCEEDING, ApplicationStates.COMPLETED);

  private final double timeScale;
  private final List<Attempt> attempts = new ArrayList<>();
  private String submission;
  private RunShape openShape;
  private long openSince;
  private SparkApplication last;

  RunTracker(double timeScale) {
    this.timeScale = timeScale;
  }

  synchronized void observe(SparkApplication app, long nanos) {
    last = app;
    if (app.getStatus() == null) {
      return;
    }
    String state = app.getStatus().state();
    String id = app.getStatus().getSubmissionId();
    if (id != null && !Objects.equals(id, submission) && !ENDED_FAILED.contains(state)) {
      end(nanos, true); // a run that ended without our seeing it end (should not happen)
      submission = id;
      if (ApplicationStates.SUBMISSION_FAILED.equals(state)) {
        attempts.add(new Attempt(RunShape.of(app), 0, true));
      } else {
        openShape = RunShape.of(app);
        openSince = nanos;
      }
    }
    if (ENDED_FAILED.contains(state)) {
      end(nanos, true);
    } else if (ENDED_COMPLETED.contains(state)) {
      end(nanos, false);
    }
  }

  private void end(long nanos, boolean failed) {
    if (openShape == null) {
      return;
    }
    double hours = (nanos - openSince) / 1e9 * timeScale / 3600.0;
    attempts.add(new Attempt(openShape, hours, failed));
    openShape = null;
  }

  synchronized SparkApplication last() {
    return last;
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Whether the latest run has ended (no run in progress). */
  synchronized boolean idle() {
    return openShape == null;
  }
}
