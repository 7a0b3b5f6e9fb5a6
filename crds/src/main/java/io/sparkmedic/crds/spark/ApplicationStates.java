package io.sparkmedic.crds.spark;

import java.util.Set;

/** The Kubeflow Spark operator's application states ({@code status.applicationState.state}). */
public final class ApplicationStates {
  public static final String NEW = "";
  public static final String SUBMITTED = "SUBMITTED";
  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";
  public static final String SUBMISSION_FAILED = "SUBMISSION_FAILED";
  public static final String PENDING_RERUN = "PENDING_RERUN";
  public static final String INVALIDATING = "INVALIDATING";
  public static final String SUCCEEDING = "SUCCEEDING";
  public static final String FAILING = "FAILING";
  public static final String SUSPENDING = "SUSPENDING";
  public static final String SUSPENDED = "SUSPENDED";
  public static final String RESUMING = "RESUMING";
  public static final String UNKNOWN = "UNKNOWN";

  /** Only these two are final: the Spark operator will not move the application on its own. */
  public static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED);

  private ApplicationStates() {}

  public static boolean isTerminal(String state) {
    return TERMINAL.contains(state);
  }
}
