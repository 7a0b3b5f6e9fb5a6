package io.sparkmedic.operator.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Spark event logs shipped in remediation's test jar. */
public final class EventLogResources {

  public static final String SKEWED_JOIN = "skewed-join-noaqe__app-20261121072501-0000";
  public static final String HEALTHY = "healthy__app-20261121073059-0000";
  public static final String SKEWED_AGG = "skewed-agg__app-20261121075442-0000";
  public static final String ZSTD = "zstd-compressed__app-20261121074510-0000.zstd";
  public static final String OOM = "oom-task-local__local-1795246154941";

  private EventLogResources() {}

  public static byte[] bytes(String name) {
    try (InputStream in = EventLogResources.class.getResourceAsStream("/eventlogs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no event log resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a log into {@code dir} under its own name. */
  public static Path copy(String name, Path dir) {
    try {
      return Files.write(dir.resolve(name), bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
