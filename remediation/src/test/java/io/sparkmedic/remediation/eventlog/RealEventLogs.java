package io.sparkmedic.remediation.eventlog;

import java.nio.file.Path;

/** The real Spark 3.5.5 event logs in src/test/resources/eventlogs (see the README there). */
public final class RealEventLogs {

  public static final Path DIR = Path.of("src/test/resources/eventlogs");

  public static final Path SKEWED_JOIN = DIR.resolve("skewed-join-noaqe__app-20261121072501-0000");
  public static final Path SKEWED_JOIN_AQE =
      DIR.resolve("skewed-join-aqe-remedy__app-20261121072536-0000");
  public static final Path TOO_FEW_PARTITIONS =
      DIR.resolve("too-few-partitions-spill__app-20261121072638-0000");
  public static final Path OOM_TASK_LOCAL = DIR.resolve("oom-task-local__local-1795246154941");
  public static final Path FAILED_TASK_RETRY =
      DIR.resolve("failed-task-retry__app-20261121072959-0000");
  public static final Path HEALTHY = DIR.resolve("healthy__app-20261121073059-0000");
  public static final Path SKEWED_AGG = DIR.resolve("skewed-agg__app-20261121075442-0000");
  public static final Path ZSTD = DIR.resolve("zstd-compressed__app-20261121074510-0000.zstd");

  private RealEventLogs() {}

  /** Resolves a log from another module's directory (bench runs from the repository root). */
  public static Path resolve(Path log) {
    Path fromRoot = Path.of("remediation").resolve(log);
    return java.nio.file.Files.exists(log) ? log : fromRoot;
  }
}
