package io.sparkmedic.operator.eventlog;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.input.EventLogCodec;
import io.sparkmedic.remediation.eventlog.input.EventLogFile;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An event log served by a Spark History Server: {@code GET
 * /api/v1/applications/<appId>[/<attempt>]/logs} answers a zip of the log's files (one file, or a
 * rolling log's {@code eventlog_v2_<appId>/} entries). The zip goes to a temporary file, since a
 * rolling log's entries need not come in order; its entries are then read one at a time, and the
 * file is deleted on close.
 */
public final class HistoryServerEventLogSource implements EventLogSource {

  private final String location;
  private final Path archive;
  private final ZipFile zip;

  private HistoryServerEventLogSource(String location, Path archive, ZipFile zip) {
    this.location = location;
    this.archive = archive;
    this.zip = zip;
  }

  /**
   * Downloads an application's log; empty when the server does not serve logs there (a live
   * driver's UI answers the same API without them).
   */
  static Optional<HistoryServerEventLogSource> download(
      SparkRestApi api, String appId, String attemptId) throws EventLogException {
    String path = SparkRestApi.appPath(appId, attemptId) + "/logs";
    Path file;
    try {
      file = Files.createTempFile("sparkmedic-eventlog-", ".zip");
    } catch (IOException e) {
      throw new EventLogException("cannot create a temporary file: " + e.getMessage(), e);
    }
    boolean kept = false;
    try {
      int status = api.download(path, file);
      if (status != 200) {
        return Optional.empty();
      }
      ZipFile zip;
      try {
        zip = new ZipFile(file.toFile());
      } catch (ZipException e) {
        throw new EventLogException(api.base() + path + ": not a zip of event-log files");
      } catch (IOException e) {
        throw new EventLogException(api.base() + path + ": " + e.getMessage(), e);
      }
      kept = true;
      return Optional.of(new HistoryServerEventLogSource(api.base() + path, file, zip));
    } finally {
      if (!kept) {
        deleteQuietly(file);
      }
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public EventLogAnalysis analyze(EventLogAnalyzer analyzer, ProgressListener progress)
      throws EventLogException {
    return analyzer.analyze(files(), progress);
  }

  EventLogFiles files() throws EventLogException {
    Map<String, ZipEntry> byName = new LinkedHashMap<>();
    for (ZipEntry e : Collections.list(zip.entries())) {
      if (!e.isDirectory()) {
        String name = e.getName();
        byName.put(name.substring(name.lastIndexOf('/') + 1), e);
      }
    }
    List<String> names = List.copyOf(byName.keySet());
    List<String> rolling = EventLogFiles.rollingOrder(names);
    List<EventLogFile> files = new ArrayList<>();
    if (!rolling.isEmpty()) {
      for (String name : rolling) {
        files.add(file(name, byName.get(name)));
      }
      return new EventLogFiles(location, files, EventLogFiles.rollingInProgress(names));
    }
    List<String> logs = names.stream().filter(n -> !n.startsWith("appstatus_")).toList();
    if (logs.size() != 1) {
      throw new EventLogException(
          location
              + ": the archive holds "
              + logs.size()
              + " logs "
              + logs
              + "; name one attempt in the URL (.../history/<appId>/<attempt>)");
    }
    String name = logs.get(0);
    return new EventLogFiles(
        location, List.of(file(name, byName.get(name))), EventLogCodec.isInProgress(name));
  }

  private EventLogFile file(String name, ZipEntry entry) {
    return new EventLogFile(name, entry.getSize(), () -> zip.getInputStream(entry));
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException ignored) {
      // the archive is deleted next
    }
    deleteQuietly(archive);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }
}
