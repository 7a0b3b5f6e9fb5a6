package io.sparkmedic.operator.cli;

import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code SparkRemediation}s as {@code kubectl get sparkremediations} prints them. */
final class HistoryTable {

  private static final String[] HEADER = {
    "NAME", "APP", "ATTEMPT", "DIAGNOSIS", "ACTION", "OUTCOME", "AGE"
  };

  private HistoryTable() {}

  static String render(List<SparkRemediation> records, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (SparkRemediation r : records) {
      rows.add(
          new String[] {
            r.getMetadata().getName(),
            r.getSpec().getApplication().getName(),
            String.valueOf(r.getSpec().getAttempt()),
            r.getSpec().getDiagnosis().getCategory(),
            String.valueOf(r.getSpec().getAction()),
            r.getStatus() == null || r.getStatus().getOutcome() == null
                ? "<none>"
                : r.getStatus().getOutcome().name(),
            age(r.getMetadata().getCreationTimestamp(), now)
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(row[i]);
        if (i < row.length - 1) {
          out.append(" ".repeat(widths[i] - row[i].length() + 3));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** kubectl's short ages: 42s, 5m, 3h, 2d. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    try {
      Duration d = Duration.between(Instant.parse(timestamp), now);
      if (d.isNegative()) {
        d = Duration.ZERO;
      }
      if (d.toMinutes() < 2) {
        return d.toSeconds() + "s";
      }
      if (d.toHours() < 2) {
        return d.toMinutes() + "m";
      }
      if (d.toDays() < 2) {
        return d.toHours() + "h";
      }
      return d.toDays() + "d";
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }
}
