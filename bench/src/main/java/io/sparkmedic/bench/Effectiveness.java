package io.sparkmedic.bench;

import io.sparkmedic.bench.effectiveness.Contender;
import io.sparkmedic.bench.effectiveness.EffectivenessReport;
import io.sparkmedic.bench.effectiveness.EffectivenessRun;
import io.sparkmedic.bench.effectiveness.ScenarioCorpus;
import io.sparkmedic.bench.effectiveness.ScenarioOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The effectiveness benchmark: every scenario of a corpus through the simulated Spark operator
 * under every contender, in one run; writes a Markdown report and a tab-separated file with one
 * line per (scenario, contender).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.sparkmedic.bench.Effectiveness \
 *     [--corpus FILE] [--out FILE.md] [--limit N] [--time-scale 600] [--concurrency 48]
 * </pre>
 */
public final class Effectiveness {

  private Effectiveness() {}

  public static void main(String[] args) throws Exception {
    Machine.quietLogs();
    Path corpusFile = null;
    Path out = Path.of("bench/target/effectiveness.md");
    int limit = Integer.MAX_VALUE;
    EffectivenessRun.Settings settings = EffectivenessRun.Settings.defaults();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--corpus" -> corpusFile = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--time-scale" ->
            settings =
                new EffectivenessRun.Settings(
                    Double.parseDouble(args[++i]),
                    settings.tick(),
                    settings.concurrency(),
                    settings.deadline());
        case "--concurrency" ->
            settings =
                new EffectivenessRun.Settings(
                    settings.timeScale(),
                    settings.tick(),
                    Integer.parseInt(args[++i]),
                    settings.deadline());
        default -> {
          System.err.println(
              "usage: Effectiveness [--corpus FILE] [--out FILE.md] [--limit N] [--time-scale X]"
                  + " [--concurrency N]; unknown: "
                  + args[i]);
          System.exit(2);
        }
      }
    }
    ScenarioCorpus corpus =
        (corpusFile == null ? ScenarioCorpus.builtIn() : ScenarioCorpus.read(corpusFile))
            .limit(limit);
    String machine = Machine.describe();
    List<Contender> contenders = EffectivenessRun.standardContenders();
    System.err.printf(
        Locale.ROOT,
        "%d scenarios x %d contenders, time scale %.0f, %d in flight%n",
        corpus.scenarios().size(),
        contenders.size(),
        settings.timeScale(),
        settings.concurrency());
    long started = System.nanoTime();
    List<ScenarioOutcome> outcomes =
        new EffectivenessRun(corpus, contenders, settings, System.err::println).run();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    EffectivenessReport report =
        new EffectivenessReport(contenders.stream().map(Contender::name).toList(), outcomes);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Effectiveness: %d scenarios (%s, seed %d) x %d contenders, %s. Machine: %s."
                + " Simulator time scale %.0f, tick %d ms, %d applications in flight; took %d s.%n%n",
            corpus.scenarios().size(),
            corpusFile == null ? "bench/src/main/resources/scenarios.yaml" : corpusFile,
            corpus.seed(),
            contenders.size(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            machine,
            settings.timeScale(),
            settings.tick().toMillis(),
            settings.concurrency(),
            took.toSeconds()));
    md.append(report.summaryTable()).append('\n');
    md.append("Completed per kind (mean retries of the completed in brackets):\n\n");
    md.append(report.byKindTable()).append('\n');
    String misses = report.misses(8);
    if (!misses.isEmpty()) {
      md.append("Remediable failures Sparkmedic did not recover (kind: last record):\n\n");
      md.append(misses);
    }
    md.append("\nContenders:\n\n");
    for (Contender c : contenders) {
      md.append("- ").append(c.name()).append(": ").append(c.description()).append('\n');
    }
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, md);
    Path details =
        out.resolveSibling(out.getFileName().toString().replaceAll("\\.md$", "") + ".tsv");
    Files.writeString(details, report.details());
    System.out.println(md);
    System.err.println("wrote " + out + " and " + details);
    System.exit(0);
  }
}
