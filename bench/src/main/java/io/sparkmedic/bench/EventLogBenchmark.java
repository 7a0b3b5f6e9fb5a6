package io.sparkmedic.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading and analysing a large event log, end to end ({@link EventLogAnalyzer#analyze(Path)}):
 * decompression, line splitting, JSON parsing, replay, distributions, findings, what-if. One
 * thread, so the rate is per core. The JVM runs with a 256 MiB heap, the operator's budget.
 *
 * <p>Reported: {@code decodedMiB} is MiB of uncompressed JSON analysed per second; {@code
 * storedMiB} the same for the bytes as stored (compressed). The trial's largest heap after any GC
 * is printed at its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class EventLogBenchmark {

  @Param({"none", "zstd", "lz4", "snappy", "gzip"})
  public String codec;

  @Param({"256"})
  public long sizeMiB;

  private Path dir;
  private Path log;
  private long decodedBytes;
  private long storedBytes;
  private final EventLogAnalyzer analyzer = new EventLogAnalyzer();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong gcs = new AtomicLong();

  /** Counters JMH divides by the time, like operations: MiB per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double decodedMiB;
    public double storedMiB;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException, EventLogException {
    dir = Files.createTempDirectory("sparkmedic-bench-");
    log = BenchLogs.make(dir, "app-20261121072501-0000", sizeMiB, 1, codec);
    EventLogAnalysis a = analyzer.analyze(log);
    decodedBytes = a.input().decodedBytes();
    storedBytes = a.input().storedBytes();
    System.out.printf(
        "%nlog: %s, %d MiB of JSON (%d MiB stored), %d stages, %d events%n",
        log.getFileName(),
        decodedBytes / BenchLogs.MIB,
        storedBytes / BenchLogs.MIB,
        a.stages().size(),
        a.input().events());
    watchGc();
    System.gc();
    peakAfterGc.set(0);
    gcs.set(0);
  }

  @Benchmark
  public EventLogAnalysis analyze(Throughput t) throws EventLogException {
    EventLogAnalysis a = analyzer.analyze(log);
    t.decodedMiB += decodedBytes / (double) BenchLogs.MIB;
    t.storedMiB += storedBytes / (double) BenchLogs.MIB;
    return a;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.out.printf(
        "%npeak heap after GC while analysing: %.1f MiB (over %d GCs, -Xmx256m)%n",
        peakAfterGc.get() / (double) BenchLogs.MIB, gcs.get());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Records the heap in use after every collection: an upper bound of the live set. */
  private void watchGc() {
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    n.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e :
                    info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                  if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                  }
                }
                gcs.incrementAndGet();
                peakAfterGc.accumulateAndGet(used, Math::max);
              },
              null,
              null);
    }
  }
}
