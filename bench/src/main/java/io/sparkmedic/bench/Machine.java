package io.sparkmedic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmarks ran on, in one line, for their reports. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    String cpu = "?";
    long memKiB = 0;
    String load = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
      memKiB =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0L);
      load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    } catch (IOException | RuntimeException e) {
      // not Linux: say less
    }
    return String.format(
        Locale.ROOT,
        "%d vCPU (%s), %.0f GiB RAM, %s %s, load average %s at the start",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memKiB / 1024.0 / 1024.0,
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        load);
  }

  /** Quiets the operator's and the simulator's logs (before any logger is made). */
  public static void quietLogs() {
    if (System.getProperty("SPARKMEDIC_LOG_LEVEL") == null) {
      System.setProperty("SPARKMEDIC_LOG_LEVEL", "WARN");
    }
    if (System.getProperty("sparkmedic.libraryLogLevel") == null) {
      System.setProperty("sparkmedic.libraryLogLevel", "ERROR");
    }
  }
}
