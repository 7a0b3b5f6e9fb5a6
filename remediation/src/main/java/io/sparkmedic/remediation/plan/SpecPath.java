package io.sparkmedic.remediation.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A field of a {@code SparkApplication}, as segments ({@code spec}, {@code executor}, {@code
 * memoryOverhead}). Printed for people as {@code spec.executor.memoryOverhead}, with map keys that
 * contain dots in brackets ({@code spec.sparkConf[spark.sql.shuffle.partitions]}); written for the
 * API server as a JSON pointer.
 */
public record SpecPath(List<String> segments) {

  public SpecPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
  }

  public static SpecPath of(String... segments) {
    return new SpecPath(List.of(segments));
  }

  /** RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public String toJsonPointer() {
    return segments.stream()
        .map(s -> "/" + s.replace("~", "~0").replace("/", "~1"))
        .collect(Collectors.joining());
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(segments.get(0));
    for (String s : segments.subList(1, segments.size())) {
      if (s.contains(".") || s.contains("/")) {
        out.append('[').append(s).append(']');
      } else {
        out.append('.').append(s);
      }
    }
    return out.toString();
  }
}
