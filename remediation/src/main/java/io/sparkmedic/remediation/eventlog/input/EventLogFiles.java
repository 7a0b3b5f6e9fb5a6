package io.sparkmedic.remediation.eventlog.input;

import io.sparkmedic.remediation.eventlog.EventLogException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one application's event log, in the order Spark wrote them: a single file ({@code
 * app-1}, {@code app-1.zstd}, {@code app-1.inprogress}), or the {@code events_N} files of a rolling
 * log directory ({@code eventlog_v2_app-1/}) from the last compacted one on.
 *
 * @param location where the log is, for messages
 * @param files the files to read, in order
 * @param inProgress whether the application was still running when the log was copied
 */
public record EventLogFiles(String location, List<EventLogFile> files, boolean inProgress) {

  /** Spark's rolling-log directory prefix ({@code spark.eventLog.rolling.enabled=true}). */
  public static final String ROLLING_DIR_PREFIX = "eventlog_v2_";

  private static final Pattern EVENTS_FILE = Pattern.compile("events_(\\d+)_.+");
  private static final String COMPACTED = ".compact";

  public EventLogFiles {
    Objects.requireNonNull(location, "location");
    files = List.copyOf(files);
  }

  /** Bytes as stored, summed; -1 when any size is unknown. */
  public long storedSize() {
    long total = 0;
    for (EventLogFile f : files) {
      if (f.size() < 0) {
        return -1;
      }
      total += f.size();
    }
    return total;
  }

  /** A single stream of unknown name: the codec is recognised by its magic bytes only. */
  public static EventLogFiles ofStream(String location, InputStream in) {
    return new EventLogFiles(location, List.of(new EventLogFile(location, -1, () -> in)), false);
  }

  /**
   * The event log at a path: a file, or a rolling-log directory. Errors name the path and say what
   * was expected.
   */
  public static EventLogFiles of(Path path) throws EventLogException {
    if (!Files.exists(path)) {
      throw new EventLogException(path + ": no such file or directory");
    }
    if (Files.isDirectory(path)) {
      return ofDirectory(path);
    }
    if (!Files.isReadable(path)) {
      throw new EventLogException(path + ": not readable");
    }
    String name = path.getFileName().toString();
    return new EventLogFiles(
        path.toString(),
        List.of(new EventLogFile(name, size(path), () -> Files.newInputStream(path))),
        EventLogCodec.isInProgress(name));
  }

  private static EventLogFiles ofDirectory(Path dir) throws EventLogException {
    List<String> names;
    try (Stream<Path> entries = Files.list(dir)) {
      names = entries.map(p -> p.getFileName().toString()).toList();
    } catch (NoSuchFileException e) {
      throw new EventLogException(dir + ": no such directory");
    } catch (IOException e) {
      throw new EventLogException(dir + ": cannot list (" + e.getMessage() + ")");
    }
    List<String> ordered = rollingOrder(names);
    if (ordered.isEmpty()) {
      throw new EventLogException(
          dir
              + ": a directory without events_N_<appId> files (a rolling event log is a directory"
              + " eventlog_v2_<appId>/ holding events_1_<appId>, events_2_<appId>, ...)");
    }
    List<EventLogFile> files = new ArrayList<>();
    for (String name : ordered) {
      Path file = dir.resolve(name);
      files.add(new EventLogFile(name, size(file), () -> Files.newInputStream(file)));
    }
    return new EventLogFiles(dir.toString(), files, rollingInProgress(names));
  }

  /**
   * The event files of a rolling log to read, in order, given the names in its directory: the
   * {@code events_N_*} files sorted by N, starting from the last compacted one (Spark's compaction
   * folds the files before it into it). Other names are ignored.
   */
  public static List<String> rollingOrder(List<String> names) {
    List<String> events =
        names.stream()
            .filter(n -> rollingIndex(n).isPresent())
            .sorted(Comparator.comparingInt(n -> rollingIndex(n).getAsInt()))
            .toList();
    int start = 0;
    for (int i = 0; i < events.size(); i++) {
      if (EventLogCodec.stripInProgress(events.get(i)).endsWith(COMPACTED)) {
        start = i;
      }
    }
    return events.subList(start, events.size());
  }

  /**
   * Whether a rolling log's status marker says the application is still running: Spark keeps an
   * empty {@code appstatus_<appId>.inprogress} until the application ends.
   */
  public static boolean rollingInProgress(List<String> names) {
    return names.stream().anyMatch(n -> n.startsWith("appstatus_") && n.endsWith(".inprogress"));
  }

  /** N of {@code events_N_<appId>...}, empty for other names. */
  public static OptionalInt rollingIndex(String name) {
    Matcher m = EVENTS_FILE.matcher(name);
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
