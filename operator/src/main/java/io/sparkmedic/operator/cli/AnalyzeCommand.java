package io.sparkmedic.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmedic.operator.eventlog.EventLogSource;
import io.sparkmedic.operator.eventlog.EventLogSourceSettings;
import io.sparkmedic.operator.eventlog.EventLogSources;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.finding.Units;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkmedic analyze}: explains a Spark run from its own metrics. */
@Command(
    name = "analyze",
    description =
        "Explain a Spark run from its event log or Spark UI: stage table, findings (skew, spill, GC,"
            + " partitioning, idle executors, task failures) with recommendations, and predicted"
            + " wall times at other executor counts. LOG is a file or rolling-log directory"
            + " (plain, zstd, lz4, snappy or gzip; complete or .inprogress), an s3:// or s3a://"
            + " location, a History Server URL (http://shs:18080/history/<appId>) or a running"
            + " driver's UI (http://driver:4040).",
    mixinStandardHelpOptions = true)
public final class AnalyzeCommand implements Callable<Integer> {

  /** Output formats. */
  public enum Format {
    text,
    json
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Path or URL of the event log.")
  String location;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "An S3-compatible endpoint instead of AWS's (MinIO, a local mock).")
  URI s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "The S3 bucket's region.")
  String s3Region;

  @Option(names = "--s3-path-style", description = "Path-style S3 addressing.")
  boolean s3PathStyle;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "HTTP timeout for History Server and driver UI calls (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--no-progress", description = "No progress line on large logs.")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EventLogSources sources =
        new EventLogSources(
            new EventLogSourceSettings(
                s3Endpoint, s3Region, s3PathStyle, Duration.ofSeconds(timeoutSeconds)));
    Progress progress = new Progress(err, !noProgress);
    EventLogAnalysis analysis;
    try (EventLogSource source = sources.open(location)) {
      analysis = source.analyze(new EventLogAnalyzer(), progress);
    } catch (EventLogException e) {
      progress.end();
      err.println("sparkmedic analyze: " + e.getMessage());
      return 2;
    }
    progress.end();
    if (output == Format.json) {
      try {
        out.println(
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(AnalysisJson.of(analysis)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.print(AnalysisText.of(analysis));
    }
    out.flush();
    return 0;
  }

  /** One progress line on stderr, every 64 MiB of log read; nothing for small logs. */
  static final class Progress implements ProgressListener {
    private final PrintWriter err;
    private final boolean enabled;
    private final boolean console = System.console() != null;
    private boolean printed;

    Progress(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    @Override
    public void progress(long stored, long total, long decoded, long events) {
      if (!enabled) {
        return;
      }
      String line =
          "sparkmedic analyze: "
              + (total > 0
                  ? String.format(Locale.ROOT, "%.0f%% (", 100.0 * stored / total)
                      + Units.bytes(stored)
                      + " of "
                      + Units.bytes(total)
                      + "), "
                  : Units.bytes(stored) + " read, ")
              + Units.bytes(decoded)
              + " of JSON, "
              + Units.count(events)
              + " events";
      if (console) {
        err.print("\r" + line);
      } else {
        err.println(line);
      }
      err.flush();
      printed = true;
    }

    void end() {
      if (printed && console) {
        err.println();
        err.flush();
      }
      printed = false;
    }
  }
}
