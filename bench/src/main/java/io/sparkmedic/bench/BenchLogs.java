package io.sparkmedic.bench;

import com.github.luben.zstd.ZstdOutputStream;
import io.sparkmedic.remediation.eventlog.RealEventLogs;
import io.sparkmedic.remediation.eventlog.ScaledEventLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Large event logs for benchmarks, made by faithfully scaling a real Spark 3.5 log (its jobs
 * repeated with renumbered ids and shifted times), and compressed with Spark's codecs as Spark
 * writes them.
 */
final class BenchLogs {

  static final long MIB = 1024 * 1024;

  private BenchLogs() {}

  /**
   * A log of about {@code sizeMiB} MiB of JSON made from the skewed-join log, each stage's tasks
   * repeated {@code widen} times; written to {@code dir} as {@code name}, then compressed with
   * {@code codec} ({@code none}, {@code zstd}, {@code lz4}, {@code snappy}, {@code gzip}).
   */
  static Path make(Path dir, String name, long sizeMiB, int widen, String codec)
      throws IOException {
    ScaledEventLog base = ScaledEventLog.of(realLog());
    long perCopy = base.bodyBytes() * widen;
    int copies = (int) Math.max(1, sizeMiB * MIB / perCopy);
    Path plain = dir.resolve(name);
    base.writeTo(plain, copies, widen);
    if ("none".equals(codec)) {
      return plain;
    }
    String suffix = "gzip".equals(codec) ? "gz" : codec;
    Path compressed = dir.resolve(name + "." + suffix);
    try (InputStream in = Files.newInputStream(plain);
        OutputStream out =
            compressor(
                codec, new BufferedOutputStream(Files.newOutputStream(compressed), 1 << 16))) {
      in.transferTo(out);
    }
    Files.delete(plain);
    return compressed;
  }

  private static OutputStream compressor(String codec, OutputStream out) throws IOException {
    return switch (codec) {
      case "zstd" -> new ZstdOutputStream(out);
        // Spark's default lz4 block size (spark.io.compression.lz4.blockSize = 32k).
      case "lz4" -> new LZ4BlockOutputStream(out, 32 * 1024);
        // Spark's default snappy block size (spark.io.compression.snappy.blockSize = 32k).
      case "snappy" -> new SnappyOutputStream(out, 32 * 1024);
      case "gzip" -> new GZIPOutputStream(out, 1 << 16);
      default -> throw new IllegalArgumentException("codec " + codec);
    };
  }

  /** The real log, read from the repository (run from its root or from bench/). */
  static Path realLog() {
    Path fromRoot = Path.of("remediation").resolve(RealEventLogs.SKEWED_JOIN);
    Path fromBench = Path.of("..", "remediation").resolve(RealEventLogs.SKEWED_JOIN);
    if (Files.exists(fromRoot)) {
      return fromRoot;
    }
    if (Files.exists(fromBench)) {
      return fromBench;
    }
    throw new IllegalStateException(
        "run from the repository root: cannot find " + fromRoot.toAbsolutePath());
  }
}
