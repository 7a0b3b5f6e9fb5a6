package io.sparkmedic.remediation.eventlog.model;

import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import io.sparkmedic.remediation.eventlog.input.EventLogLines;
import java.io.IOException;

/**
 * Reads an event log from start to end and replays it into an {@link ApplicationModel}, in one
 * streaming pass.
 *
 * <p>Tolerance follows Spark's own replay: a last line cut off mid-event (an in-progress log) is
 * skipped and noted, events of unknown types are skipped. Unlike Spark, a malformed line in the
 * middle is skipped and counted rather than fatal, so a damaged log still yields what it can; the
 * count is reported. Input whose first line is not a JSON event is not an event log: that is an
 * error naming the input.
 */
public final class EventLogReplay {

  /** The model, and what reading it took. */
  public record Result(ApplicationModel model, InputStats input) {}

  private EventLogReplay() {}

  public static Result replay(EventLogFiles log, ProgressListener progress)
      throws EventLogException {
    ApplicationReplay replay = new ApplicationReplay();
    SparkEventParser parser = new SparkEventParser(replay);
    long used = 0;
    long ignored = 0;
    long malformed = 0;
    long firstMalformed = 0;
    boolean truncatedLastLine = false;
    boolean first = true;
    try (EventLogLines lines = new EventLogLines(log, progress)) {
      while (lines.next()) {
        SparkEventParser.Outcome outcome;
        String error = null;
        try {
          outcome = parser.parse(lines.buffer(), lines.lineStart(), lines.lineLength());
        } catch (IOException | RuntimeException e) {
          outcome = SparkEventParser.Outcome.NOT_AN_EVENT;
          error = e.getMessage();
        }
        if (outcome == SparkEventParser.Outcome.NOT_AN_EVENT) {
          boolean cutOff = !lines.lineTerminated() && lines.inLastFile();
          if (first) {
            throw new EventLogException(
                lines.fileName()
                    + ": not a Spark event log (line "
                    + lines.lineNumber()
                    + (error == null
                        ? " is JSON but not a Spark listener event: no \"Event\" field)"
                        : " is not JSON" + (cutOff ? ", and the file ends there)" : ")")));
          }
          if (cutOff) {
            truncatedLastLine = true;
          } else {
            malformed++;
            if (firstMalformed == 0) {
              firstMalformed = lines.lineNumber();
            }
          }
          continue;
        }
        first = false;
        lines.countEvent();
        if (outcome == SparkEventParser.Outcome.USED) {
          used++;
        } else {
          ignored++;
        }
      }
      if (first) {
        throw new EventLogException(log.location() + ": empty (no events)");
      }
      InputStats stats =
          new InputStats(
              log.location(),
              log.files().size(),
              lines.storedBytesRead(),
              lines.decodedBytes(),
              used,
              ignored,
              malformed,
              firstMalformed,
              truncatedLastLine,
              lines.truncation().orElse(null),
              log.inProgress());
      return new Result(replay.model(), stats);
    }
  }
}
