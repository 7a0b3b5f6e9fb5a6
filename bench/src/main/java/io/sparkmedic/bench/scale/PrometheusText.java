package io.sparkmedic.bench.scale;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads samples of the Prometheus text format. */
final class PrometheusText {

  private PrometheusText() {}

  /** Every sample of a metric, by its label set (the text between braces, or empty). */
  static Map<String, Double> samples(String text, String metric) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      String rest = line.substring(metric.length());
      String labels = "";
      if (rest.startsWith("{")) {
        int end = rest.indexOf('}');
        labels = rest.substring(1, end);
        rest = rest.substring(end + 1);
      } else if (!rest.startsWith(" ")) {
        continue; // another metric sharing the prefix
      }
      String[] parts = rest.trim().split(" ");
      out.merge(labels, Double.parseDouble(parts[0]), Double::sum);
    }
    return out;
  }

  static double sum(String text, String metric) {
    return samples(text, metric).values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
