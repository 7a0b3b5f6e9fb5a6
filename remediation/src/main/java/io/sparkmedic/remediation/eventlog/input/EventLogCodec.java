package io.sparkmedic.remediation.eventlog.input;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4BlockInputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyInputStream;

/**
 * How an event-log file is compressed: Spark's {@code spark.eventLog.compression.codec} values
 * ({@code zstd}, {@code lz4}, {@code snappy}), gzip for logs users compressed themselves, or none.
 *
 * <p>Spark names a compressed log by the codec's short name ({@code app-1.zstd}); the bytes are
 * what Spark's codec classes write: standard zstd frames (one per flush), lz4-java's {@code
 * LZ4BlockOutputStream} (magic {@code LZ4Block}, not the LZ4 frame format), snappy-java's {@code
 * SnappyOutputStream}. The magic bytes decide; the name only sharpens the error when they disagree.
 */
public enum EventLogCodec {
  NONE(""),
  GZIP("gz"),
  ZSTD("zstd"),
  LZ4("lz4"),
  SNAPPY("snappy");

  /** Bytes needed to recognise every codec's header. */
  public static final int MAGIC_LENGTH = 10;

  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] LZ4_BLOCK_MAGIC = {'L', 'Z', '4', 'B', 'l', 'o', 'c', 'k'};
  private static final byte[] SNAPPY_STREAM_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
  private static final byte[] SNAPPY_FRAMED_MAGIC = {
    (byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'
  };

  private final String suffix;

  EventLogCodec(String suffix) {
    this.suffix = suffix;
  }

  /** The file-name suffix Spark (or gzip) gives this codec, without the dot; empty for none. */
  public String suffix() {
    return suffix;
  }

  /**
   * The codec a file name announces, ignoring a trailing {@code .inprogress} or {@code .compact} (a
   * rolling log's compacted file); empty when the name has no codec suffix. {@code .lzf} is Spark's
   * fourth codec, which this reader does not decode.
   */
  public static Optional<EventLogCodec> fromFileName(String name) {
    String n = stripInProgress(name).toLowerCase(Locale.ROOT);
    if (n.endsWith(".compact")) {
      n = n.substring(0, n.length() - ".compact".length());
    }
    if (n.endsWith(".zstd") || n.endsWith(".zst")) {
      return Optional.of(ZSTD);
    }
    if (n.endsWith(".lz4")) {
      return Optional.of(LZ4);
    }
    if (n.endsWith(".snappy")) {
      return Optional.of(SNAPPY);
    }
    if (n.endsWith(".gz") || n.endsWith(".gzip")) {
      return Optional.of(GZIP);
    }
    return Optional.empty();
  }

  /** Whether the name says the file is still being written ({@code .inprogress}). */
  public static boolean isInProgress(String name) {
    return name.endsWith(".inprogress");
  }

  static String stripInProgress(String name) {
    return isInProgress(name) ? name.substring(0, name.length() - ".inprogress".length()) : name;
  }

  /**
   * The codec whose header starts {@code head} (the first bytes of a file, fewer when the file is
   * shorter); empty when none does. Plain JSON has no magic: see {@link #looksLikeJson}.
   */
  public static Optional<EventLogCodec> fromMagic(byte[] head, int length) {
    if (startsWith(head, length, ZSTD_MAGIC)) {
      return Optional.of(ZSTD);
    }
    if (startsWith(head, length, GZIP_MAGIC)) {
      return Optional.of(GZIP);
    }
    if (startsWith(head, length, LZ4_BLOCK_MAGIC)) {
      return Optional.of(LZ4);
    }
    if (startsWith(head, length, SNAPPY_STREAM_MAGIC)
        || startsWith(head, length, SNAPPY_FRAMED_MAGIC)) {
      return Optional.of(SNAPPY);
    }
    return Optional.empty();
  }

  /** Whether the bytes open like a JSON-lines file: whitespace, then '{'. */
  public static boolean looksLikeJson(byte[] head, int length) {
    for (int i = 0; i < length; i++) {
      byte b = head[i];
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  /**
   * Decompresses {@code raw}, which must start with this codec's header ({@code head} holds a copy
   * of its first bytes, needed to tell snappy's two stream formats apart).
   */
  public InputStream decode(InputStream raw, byte[] head, int headLength) throws IOException {
    return switch (this) {
      case NONE -> raw;
      case GZIP -> new GZIPInputStream(raw, 64 * 1024);
      case ZSTD -> new ZstdInputStreamNoFinalizer(raw);
      case LZ4 -> new LZ4BlockInputStream(raw);
      case SNAPPY ->
          startsWith(head, headLength, SNAPPY_FRAMED_MAGIC)
              ? new SnappyFramedInputStream(raw)
              : new SnappyInputStream(raw);
    };
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic) {
    return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }
}
