package io.sparkmedic.remediation.eventlog;

/** Told how far the reading of a large event log has come; the CLI prints a progress line. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (stored, total, decoded, events) -> {};

  /** Decoded bytes between two calls. */
  long INTERVAL_BYTES = 64L * 1024 * 1024;

  /**
   * @param storedBytesRead bytes of the stored (possibly compressed) files read so far
   * @param storedBytesTotal their total size, or -1 when unknown
   * @param decodedBytes uncompressed JSON read so far
   * @param events events read so far
   */
  void progress(long storedBytesRead, long storedBytesTotal, long decodedBytes, long events);
}
