package io.sparkmedic.remediation.eventlog;

/**
 * An event log that cannot be read or is not an event log, with a one-line reason that names the
 * input: "app-1.zstd: not zstd data (named .zstd, starts with 7b 22 45 76)".
 */
public final class EventLogException extends Exception {

  public EventLogException(String message) {
    super(oneLine(message));
  }

  public EventLogException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
