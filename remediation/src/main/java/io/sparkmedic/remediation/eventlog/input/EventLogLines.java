package io.sparkmedic.remediation.eventlog.input;

import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The lines of an event log, decoded and in order, one at a time: each file is opened when its turn
 * comes, its codec recognised by magic bytes, and its JSON lines handed out as slices of one
 * reusable buffer (no copy, no String). Memory is the buffer, which grows only to the longest
 * single line.
 *
 * <p>A compressed stream that ends early (a log copied while Spark was writing it) ends the log
 * there, if it is the last file; the partial line before it is still handed out, marked as not
 * terminated, so the caller can tolerate it failing to parse.
 */
public final class EventLogLines implements Closeable {

  private static final int INITIAL_BUFFER = 1 << 20;

  private final EventLogFiles log;
  private final ProgressListener progress;

  private int fileIndex = -1;
  private String fileName;
  private CountingStream stored;
  private InputStream decoded;
  private boolean fileEnded;

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int pos;
  private int scan;
  private int limit;

  private int lineStart;
  private int lineEnd;
  private boolean lineTerminated;
  private long lineNumber;

  private long storedBytesOfClosedFiles;
  private long decodedBytes;
  private long nextProgressAt = ProgressListener.INTERVAL_BYTES;
  private long events;
  private String truncation;

  public EventLogLines(EventLogFiles log, ProgressListener progress) {
    this.log = log;
    this.progress = progress;
  }

  /** Moves to the next non-blank line; false at the end of the log. */
  public boolean next() throws EventLogException {
    while (true) {
      if (decoded == null && !openNextFile()) {
        return false;
      }
      int nl = indexOfNewline(scan, limit);
      if (nl >= 0) {
        boolean found = setLine(pos, nl, true);
        pos = nl + 1;
        scan = pos;
        if (found) {
          return true;
        }
        continue;
      }
      scan = limit;
      if (fileEnded) {
        boolean found = pos < limit && setLine(pos, limit, false);
        pos = limit;
        scan = limit;
        if (found) {
          return true;
        }
        closeFile();
        continue;
      }
      fill();
    }
  }

  /** The buffer holding the current line; valid until the next call of {@link #next()}. */
  public byte[] buffer() {
    return buf;
  }

  public int lineStart() {
    return lineStart;
  }

  public int lineLength() {
    return lineEnd - lineStart;
  }

  /** False for a last line that ended without a newline (possibly cut off mid-event). */
  public boolean lineTerminated() {
    return lineTerminated;
  }

  /** 1-based number of the current line across all files. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The file the current line is in. */
  public String fileName() {
    return fileName;
  }

  /** Whether the current file is the last one of the log. */
  public boolean inLastFile() {
    return fileIndex == log.files().size() - 1;
  }

  /** Counts an event for the progress line. */
  public void countEvent() {
    events++;
  }

  public long decodedBytes() {
    return decodedBytes;
  }

  public long storedBytesRead() {
    return storedBytesOfClosedFiles + (stored == null ? 0 : stored.count);
  }

  /** Why the log ended before its files did (a truncated compressed stream), or empty. */
  public Optional<String> truncation() {
    return Optional.ofNullable(truncation);
  }

  @Override
  public void close() {
    closeFile();
  }

  private boolean setLine(int start, int end, boolean terminated) {
    lineNumber++;
    int e = end;
    if (e > start && buf[e - 1] == '\r') {
      e--;
    }
    int s = start;
    while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
      s++;
    }
    if (s == e) {
      return false;
    }
    lineStart = s;
    lineEnd = e;
    lineTerminated = terminated;
    return true;
  }

  private int indexOfNewline(int from, int to) {
    byte[] b = buf;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void fill() throws EventLogException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      scan -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      byte[] bigger = new byte[buf.length * 2];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    int n;
    try {
      n = decoded.read(buf, limit, buf.length - limit);
    } catch (IOException e) {
      if (inLastFile() && endedEarly(e)) {
        truncation = fileName + ": the compressed stream ends early (" + message(e) + ")";
        fileEnded = true;
        return;
      }
      throw new EventLogException(fileName + ": cannot read (" + message(e) + ")", e);
    }
    if (n < 0) {
      fileEnded = true;
      return;
    }
    limit += n;
    decodedBytes += n;
    if (decodedBytes >= nextProgressAt) {
      nextProgressAt += ProgressListener.INTERVAL_BYTES;
      progress.progress(storedBytesRead(), log.storedSize(), decodedBytes, events);
    }
  }

  private boolean openNextFile() throws EventLogException {
    if (fileIndex + 1 >= log.files().size()) {
      return false;
    }
    fileIndex++;
    EventLogFile file = log.files().get(fileIndex);
    fileName = file.name();
    pos = 0;
    scan = 0;
    limit = 0;
    fileEnded = false;
    try {
      stored = new CountingStream(file.opener().open());
    } catch (IOException e) {
      throw new EventLogException(fileName + ": cannot open (" + message(e) + ")", e);
    }
    try {
      PushbackInputStream head = new PushbackInputStream(stored, EventLogCodec.MAGIC_LENGTH);
      byte[] magic = new byte[EventLogCodec.MAGIC_LENGTH];
      int n = head.readNBytes(magic, 0, magic.length);
      head.unread(magic, 0, n);
      decoded = codecOf(file, magic, n).decode(head, magic, n);
    } catch (IOException e) {
      closeFile();
      throw new EventLogException(fileName + ": cannot read (" + message(e) + ")", e);
    }
    return true;
  }

  private EventLogCodec codecOf(EventLogFile file, byte[] magic, int n) throws EventLogException {
    Optional<EventLogCodec> named = EventLogCodec.fromFileName(file.name());
    Optional<EventLogCodec> found = EventLogCodec.fromMagic(magic, n);
    if (found.isPresent()) {
      return found.get();
    }
    if (n == 0 || EventLogCodec.looksLikeJson(magic, n)) {
      return EventLogCodec.NONE;
    }
    String start = HexFormat.ofDelimiter(" ").formatHex(magic, 0, Math.min(n, 4));
    if (named.isPresent()) {
      throw new EventLogException(
          file.name()
              + ": not "
              + named.get().name().toLowerCase(Locale.ROOT)
              + " data (named ."
              + named.get().suffix()
              + ", starts with "
              + start
              + ")");
    }
    if (EventLogCodec.stripInProgress(file.name()).endsWith(".lzf")) {
      throw new EventLogException(
          file.name() + ": lzf-compressed event logs are not supported (use zstd, lz4 or snappy)");
    }
    throw new EventLogException(
        file.name()
            + ": not a Spark event log (neither JSON lines nor zstd, lz4, snappy or gzip data;"
            + " starts with "
            + start
            + ")");
  }

  private void closeFile() {
    if (stored != null) {
      storedBytesOfClosedFiles += stored.count;
    }
    closeQuietly(decoded);
    closeQuietly(stored);
    decoded = null;
    stored = null;
  }

  private static boolean endedEarly(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return e instanceof EOFException
        || m.contains("truncated")
        || m.contains("prematurely")
        || m.contains("unexpected end")
        || m.contains("failed_to_uncompress")
        || m.contains("src size is incorrect");
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Reading is over; a failing close changes nothing already read.
      }
    }
  }

  /** Counts the stored bytes read, for progress. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
