package io.sparkmedic.bench;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Peak live heap of the analysis as the log grows. For each log, a full GC runs every 16 MiB of
 * JSON read and the heap in use right after it (the live set) is sampled; the largest sample, less
 * the live heap before reading, is what the analysis held. Logs of 64 MiB to 1 GiB of the same jobs
 * repeated show the one term that grows, the completed stages' summaries (O(stages)); the same
 * sizes with 50× the tasks per stage (so 50× fewer stages) show that bytes alone do not.
 *
 * <pre>
 * java -Xmx256m -XX:+UseSerialGC -cp bench/target/benchmarks.jar io.sparkmedic.bench.HeapProbe
 * </pre>
 */
public final class HeapProbe {

  private record Case(String name, long sizeMiB, int widen) {}

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  public static void main(String[] args) throws Exception {
    List<Case> cases =
        List.of(
            new Case("64 MiB", 64, 1),
            new Case("256 MiB", 256, 1),
            new Case("1 GiB", 1024, 1),
            new Case("64 MiB, 50x tasks/stage", 64, 50),
            new Case("1 GiB, 50x tasks/stage", 1024, 50));
    Path dir = Files.createTempDirectory("sparkmedic-heap-");
    System.out.printf(
        Locale.ROOT,
        "JVM max heap %d MiB, GC %s%n%n%-25s %9s %7s %12s %16s %14s%n",
        Runtime.getRuntime().maxMemory() / BenchLogs.MIB,
        ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
        "log",
        "JSON MiB",
        "stages",
        "tasks/stage",
        "analysis MiB",
        "KiB/stage");
    try {
      for (Case c : cases) {
        System.out.println(measure(c, dir));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static long liveHeap() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** One log: generated, then analysed while sampling the live heap. */
  private static String measure(Case c, Path dir) throws IOException, EventLogException {
    Path log = BenchLogs.make(dir, "app-heap", c.sizeMiB(), c.widen(), "none");
    long before = liveHeap();
    long[] peak = {before};
    long[] next = {0};
    ProgressListener sampler =
        (stored, total, decoded, events) -> {
          if (decoded >= next[0]) {
            next[0] = decoded + 16 * BenchLogs.MIB;
            peak[0] = Math.max(peak[0], liveHeap());
          }
        };
    EventLogAnalysis a = new EventLogAnalyzer().analyze(EventLogFiles.of(log), sampler);
    peak[0] = Math.max(peak[0], liveHeap());
    long held = peak[0] - before;
    int stages = a.stages().size();
    int tasksPerStage = a.stages().stream().mapToInt(s -> s.numTasks()).max().orElse(0);
    long json = a.input().decodedBytes();
    Files.delete(log);
    return String.format(
        Locale.ROOT,
        "%-25s %9d %7d %12d %16.1f %14.2f",
        c.name(),
        json / BenchLogs.MIB,
        stages,
        tasksPerStage,
        held / (double) BenchLogs.MIB,
        held / 1024.0 / Math.max(1, stages));
  }
}
