package io.sparkmedic.operator.eventlog;

import io.sparkmedic.remediation.eventlog.input.EventLogFiles;

/** How Spark names an application's event log in {@code spark.eventLog.dir}. */
final class EventLogNames {

  private EventLogNames() {}

  /**
   * Whether a directory entry is the log of {@code appId}: {@code app-1}, {@code app-1_1}, {@code
   * app-1.zstd}, {@code app-1.inprogress}, or the rolling directory {@code eventlog_v2_app-1}.
   */
  static boolean belongsTo(String name, String appId) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (n.startsWith(EventLogFiles.ROLLING_DIR_PREFIX)) {
      n = n.substring(EventLogFiles.ROLLING_DIR_PREFIX.length());
    }
    if (!n.startsWith(appId)) {
      return false;
    }
    String rest = n.substring(appId.length());
    return rest.isEmpty() || rest.startsWith("_") || rest.startsWith(".");
  }
}
