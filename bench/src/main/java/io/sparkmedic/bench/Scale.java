package io.sparkmedic.bench;

import io.sparkmedic.bench.scale.ScaleRun;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scale benchmark: the operator, in its own JVM with a 256 MiB heap, against a mock API server
 * holding 2,000 SparkApplications and 20,000 pods, under a steady stream of failures; reaction
 * latency beside the floor of the same setup, heap after GC, CPU and API requests per remediation.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.sparkmedic.bench.Scale \
 *     [--apps 2000] [--pods 20000] [--namespaces 5] [--rate 1] [--seconds 60] [--heap 256m] \
 *     [--operator-jar operator/target/sparkmedic.jar] [--out bench/target/scale.md]
 * </pre>
 */
public final class Scale {

  private Scale() {}

  public static void main(String[] args) throws Exception {
    Machine.quietLogs();
    ScaleRun.Settings settings = ScaleRun.Settings.defaults();
    Path out = Path.of("bench/target/scale.md");
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--apps" -> settings = settings.withApps(Integer.parseInt(v));
        case "--pods" -> settings = settings.withPods(Integer.parseInt(v));
        case "--namespaces" -> settings = settings.withNamespaces(Integer.parseInt(v));
        case "--rate" -> settings = settings.withRate(Double.parseDouble(v));
        case "--seconds" -> settings = settings.withSeconds(Integer.parseInt(v));
        case "--heap" -> settings = settings.withHeap(v);
        case "--fallback-heap" -> settings = settings.withFallbackHeap(v);
        case "--operator-jar" -> settings = settings.withOperatorJar(Path.of(v));
        case "--out" -> out = Path.of(v);
        default -> {
          System.err.println(
              "usage: Scale [--apps N] [--pods N] [--namespaces N] [--rate PER_S] [--seconds N] [--heap SIZE]"
                  + " [--fallback-heap SIZE] [--operator-jar JAR] [--out FILE.md]; unknown: "
                  + args[i]);
          System.exit(2);
        }
      }
      i++;
    }
    String report = new ScaleRun(settings, System.err::println).run();
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, report);
    System.out.println(report);
    System.err.println("wrote " + out);
    System.exit(0);
  }
}
