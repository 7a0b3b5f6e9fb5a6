package io.sparkmedic.simulator;

/**
 * spark-submit rejected the application; the message is what it would print on stderr. The Spark
 * operator reports it as {@code failed to submit spark application: failed to run spark-submit:
 * <stderr>} in state {@code SUBMISSION_FAILED}.
 */
final class SubmissionException extends Exception {
  private static final long serialVersionUID = 1L;

  SubmissionException(String message) {
    super(message);
  }
}
