package io.sparkmedic.operator.eventlog;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An event log on a file system: a PVC or EFS mount of {@code spark.eventLog.dir}, or a copy. */
public final class FileEventLogSource implements EventLogSource {

  private final Path path;

  public FileEventLogSource(Path path) {
    this.path = path;
  }

  /**
   * The log of an application in an event-log directory: {@code <appId>[_<attempt>][.codec]
   * [.inprogress]} or {@code eventlog_v2_<appId>[_<attempt>]/}; the latest attempt when several.
   */
  public static Optional<FileEventLogSource> find(Path dir, String appId) throws EventLogException {
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(dir)) {
      candidates =
          entries
              .filter(p -> EventLogNames.belongsTo(p.getFileName().toString(), appId))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new EventLogException(dir + ": cannot list (" + e.getMessage() + ")");
    }
    return candidates.isEmpty()
        ? Optional.empty()
        : Optional.of(new FileEventLogSource(candidates.get(candidates.size() - 1)));
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public EventLogAnalysis analyze(EventLogAnalyzer analyzer, ProgressListener progress)
      throws EventLogException {
    return analyzer.analyze(EventLogFiles.of(path), progress);
  }
}
