package io.sparkmedic.remediation.eventlog.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One file of an event log as stored: a single-file log, or one {@code events_N} file of a rolling
 * log. It is opened only when its turn comes, so a log of many files holds one open at a time.
 *
 * @param name the file name (its suffix names the codec; {@code .inprogress} marks a live log)
 * @param size its size in bytes as stored, or -1 when unknown (for progress only)
 * @param opener opens the stored (still compressed) bytes
 */
public record EventLogFile(String name, long size, Opener opener) {

  /** Opens the stored bytes of a file. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public EventLogFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opener, "opener");
  }
}
