package io.sparkmedic.operator.reconcile;

import io.sparkmedic.remediation.plan.SpecPath;
import java.util.ArrayList;
import java.util.List;

/** Parses the printed form of a {@link SpecPath} back ({@code spec.sparkConf[a.b]}). */
final class SpecPaths {

  private SpecPaths() {}

  static SpecPath parse(String printed) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < printed.length()) {
      char c = printed.charAt(i);
      if (c == '.') {
        flush(segments, current);
        i++;
      } else if (c == '[') {
        flush(segments, current);
        int end = printed.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed [ in path " + printed);
        }
        segments.add(printed.substring(i + 1, end));
        i = end + 1;
      } else {
        current.append(c);
        i++;
      }
    }
    flush(segments, current);
    return new SpecPath(segments);
  }

  private static void flush(List<String> segments, StringBuilder current) {
    if (current.length() > 0) {
      segments.add(current.toString());
      current.setLength(0);
    }
  }
}
