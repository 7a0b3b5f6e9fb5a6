package io.sparkmedic.operator.cli;

import static io.sparkmedic.remediation.eventlog.finding.Units.bytes;
import static io.sparkmedic.remediation.eventlog.finding.Units.millis;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.Recommendation;
import io.sparkmedic.remediation.eventlog.finding.Units;
import io.sparkmedic.remediation.eventlog.model.ApplicationInfo;
import io.sparkmedic.remediation.eventlog.model.ClusterShape;
import io.sparkmedic.remediation.eventlog.model.Distribution;
import io.sparkmedic.remediation.eventlog.model.InputStats;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import io.sparkmedic.remediation.eventlog.whatif.WhatIf;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code sparkmedic analyze}: the analysis as a report a data engineer reads top to bottom. */
final class AnalysisText {

  private AnalysisText() {}

  static String of(EventLogAnalysis a) {
    StringBuilder s = new StringBuilder();
    header(s, a);
    stages(s, a.stages());
    findings(s, a.findings());
    whatIf(s, a.whatIf());
    return s.toString();
  }

  private static void header(StringBuilder s, EventLogAnalysis a) {
    ApplicationInfo app = a.application();
    s.append("Application ")
        .append(app.id() == null ? "(unknown id)" : app.id())
        .append(app.name() == null ? "" : " \"" + app.name() + "\"")
        .append(app.sparkVersion() == null ? "" : ", Spark " + app.sparkVersion())
        .append(": ")
        .append(millis(app.durationMs()))
        .append(app.ended() ? "" : " so far (not ended)")
        .append("; jobs: ")
        .append(app.jobsSucceeded())
        .append(" succeeded, ")
        .append(app.jobsFailed())
        .append(" failed")
        .append(app.jobsRunning() > 0 ? ", " + app.jobsRunning() + " running" : "")
        .append('\n');
    InputStats in = a.input();
    s.append("Read: ").append(in.location());
    if (in.files() > 0) {
      s.append(" (")
          .append(in.files())
          .append(in.files() == 1 ? " file, " : " files, ")
          .append(bytes(in.decodedBytes()))
          .append(in.storedBytes() != in.decodedBytes() ? " from " + bytes(in.storedBytes()) : "")
          .append(", ")
          .append(Units.count(in.events()))
          .append(" events)");
    } else {
      s.append(" (live stage summaries)");
    }
    s.append('\n');
    if (in.truncatedLastLine() || in.truncation() != null) {
      s.append("Note: the log ends early")
          .append(in.truncation() != null ? " — " + in.truncation() : " (its last line is cut off)")
          .append("; what it holds up to there is analysed\n");
    }
    if (in.malformedLines() > 0) {
      s.append("Warning: ")
          .append(in.malformedLines())
          .append(" line(s) were not JSON events and were skipped (first: line ")
          .append(in.firstMalformedLine())
          .append(")\n");
    }
    ClusterShape c = a.model().cluster();
    s.append("Executors: ")
        .append(c.peakExecutors())
        .append(" at peak (")
        .append(c.executorsAdded())
        .append(" added, ")
        .append(c.executorsRemoved())
        .append(" removed), ")
        .append(c.coresPerExecutor())
        .append(c.coresPerExecutor() == 1 ? " core" : " cores")
        .append(" each")
        .append(
            c.unifiedMemoryPerExecutor() > 0
                ? ", " + bytes(c.unifiedMemoryPerExecutor()) + " of execution+storage memory each"
                : "")
        .append("\n\n");
  }

  private static void stages(StringBuilder s, List<StageSummary> stages) {
    s.append("Stages (over successful tasks: median / p75 / max)\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "stage",
          "status",
          "tasks",
          "wall",
          "task time",
          "read per task",
          "spilled",
          "GC",
          "failed"
        });
    for (StageSummary st : stages) {
      Distribution d = st.distribution(TaskMetric.DURATION);
      Distribution b = st.distribution(TaskMetric.BYTES_READ);
      long gc = st.attemptsGcTimeMs();
      long run = st.attemptsRunTimeMs();
      rows.add(
          new String[] {
            st.label(),
            st.status().name(),
            st.tasks().succeeded() == st.numTasks()
                ? Integer.toString(st.numTasks())
                : st.tasks().succeeded() + "/" + st.numTasks(),
            millis(st.wallTimeMs()),
            d.count() == 0
                ? "-"
                : millis(d.median()) + " / " + millis(d.p75()) + " / " + millis(d.max()),
            b.max() == 0
                ? "-"
                : bytes(b.median()) + " / " + bytes(b.p75()) + " / " + bytes(b.max()),
            st.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total() == 0
                ? "-"
                : bytes(st.distribution(TaskMetric.MEMORY_SPILLED_BYTES).total()),
            run == 0 ? "-" : Units.percent((double) gc / run),
            st.failedAttempts() == 0 ? "-" : Integer.toString(st.failedAttempts())
          });
    }
    table(s, rows);
    s.append('\n');
  }

  private static void findings(StringBuilder s, List<Finding> findings) {
    if (findings.isEmpty()) {
      s.append("Findings: none — no skew, spill, GC pressure, partitioning problem, idle executors")
          .append(" or task failures\n\n");
      return;
    }
    s.append("Findings\n");
    int i = 1;
    for (Finding f : findings) {
      s.append(String.format(Locale.ROOT, "%2d. ", i++))
          .append(f.type())
          .append(" (")
          .append(f.severity())
          .append(")")
          .append(
              f.stageIds().isEmpty()
                  ? ""
                  : " stage"
                      + (f.stageIds().size() == 1 ? " " : "s ")
                      + f.stageIds().stream()
                          .map(String::valueOf)
                          .collect(Collectors.joining(", ")))
          .append(": ")
          .append(f.summary())
          .append('\n');
      f.evidence().forEach(e -> s.append("    - ").append(e).append('\n'));
      for (Recommendation r : f.recommendations()) {
        s.append("    → ").append(r.action()).append('\n');
        if (!r.sparkConf().isEmpty()) {
          s.append("      ")
              .append(
                  r.sparkConf().entrySet().stream()
                      .map(e -> "--conf " + e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(" ")))
              .append('\n');
        }
        s.append("      expected: ").append(r.expectedImpact()).append('\n');
      }
    }
    s.append('\n');
  }

  private static void whatIf(StringBuilder s, WhatIfReport w) {
    if (w.points().isEmpty()) {
      s.append("What if: no per-task timings to simulate (needs the event log)\n");
      return;
    }
    s.append("What if (predicted wall time by executor count, from the recorded tasks)\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"executors", "task slots", "predicted", "vs actual"});
    for (WhatIf p : w.points()) {
      long delta = p.predictedMs() - w.actualMs();
      rows.add(
          new String[] {
            p.executors() + (p.observed() ? " (this run)" : ""),
            Integer.toString(p.slots()),
            millis(p.predictedMs()),
            p.observed()
                ? "-"
                : (delta >= 0 ? "+" : "−")
                    + Units.percent(Math.abs((double) delta) / Math.max(1, w.actualMs()))
          });
    }
    table(s, rows);
    s.append("  ")
        .append(millis(w.driverMs()))
        .append(" of the run had no job running (driver work), which executors do not shorten;")
        .append(" with a slot for every task the run would still take ")
        .append(millis(w.minimumMs()))
        .append('\n');
  }

  private static void table(StringBuilder s, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
