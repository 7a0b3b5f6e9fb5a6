package io.sparkmedic.bench.effectiveness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The effectiveness benchmark's numbers per contender, and their Markdown tables. */
public final class EffectivenessReport {

  /**
   * One contender's numbers.
   *
   * @param remediable scenarios whose first run fails for a remediable reason
   * @param recovered of those, how many ended completed
   * @param retriesPerRecovery mean runs after the first, over recovered jobs
   * @param minimumRetriesPerRecovery the same for an oracle that knows each truth ({@link
   *     Scenario#minimumRetries()}), over the same jobs
   * @param wastedGibHours GiB-hours held by failed runs, over every scenario
   * @param executorOverMean mean final executor container ÷ right size, over completed jobs
   * @param executorOverMax the largest of those
   * @param driverOverMean the same for the driver
   * @param driverOverMax the largest of those
   * @param codeBugRetries runs after the first, over code-bug scenarios
   * @param codeBugsRetried code-bug scenarios run more than once
   * @param codeBugs code-bug scenarios
   * @param executorsOnDemand jobs whose final spec requires on-demand nodes for executors
   * @param driversOnDemand the same for drivers
   * @param jobs every scenario
   * @param timedOut runs the benchmark stopped waiting for
   */
  public record ContenderNumbers(
      String contender,
      int remediable,
      int recovered,
      double retriesPerRecovery,
      double minimumRetriesPerRecovery,
      double wastedGibHours,
      double executorOverMean,
      double executorOverMax,
      double driverOverMean,
      double driverOverMax,
      int codeBugRetries,
      int codeBugsRetried,
      int codeBugs,
      int executorsOnDemand,
      int driversOnDemand,
      int jobs,
      int timedOut) {

    public double recoveredShare() {
      return remediable == 0 ? 0 : recovered / (double) remediable;
    }
  }

  private final List<String> contenders;
  private final List<ScenarioOutcome> outcomes;

  public EffectivenessReport(List<String> contenders, List<ScenarioOutcome> outcomes) {
    this.contenders = List.copyOf(contenders);
    this.outcomes = List.copyOf(outcomes);
  }

  public ContenderNumbers numbers(String contender) {
    List<ScenarioOutcome> mine =
        outcomes.stream().filter(o -> o.contender().equals(contender)).toList();
    List<ScenarioOutcome> remediable =
        mine.stream()
            .filter(o -> o.scenario().remediable() && o.scenario().failsAsSubmitted())
            .toList();
    List<ScenarioOutcome> recovered =
        remediable.stream().filter(ScenarioOutcome::completed).toList();
    List<ScenarioOutcome> completed = mine.stream().filter(ScenarioOutcome::completed).toList();
    List<ScenarioOutcome> bugs = mine.stream().filter(o -> !o.scenario().remediable()).toList();
    return new ContenderNumbers(
        contender,
        remediable.size(),
        recovered.size(),
        recovered.stream().mapToInt(ScenarioOutcome::retries).average().orElse(0),
        recovered.stream().mapToInt(o -> o.scenario().minimumRetries()).average().orElse(0),
        mine.stream().mapToDouble(ScenarioOutcome::wastedGibHours).sum(),
        completed.stream()
            .mapToDouble(ScenarioOutcome::executorOverProvisioning)
            .average()
            .orElse(0),
        completed.stream().mapToDouble(ScenarioOutcome::executorOverProvisioning).max().orElse(0),
        completed.stream().mapToDouble(ScenarioOutcome::driverOverProvisioning).average().orElse(0),
        completed.stream().mapToDouble(ScenarioOutcome::driverOverProvisioning).max().orElse(0),
        bugs.stream().mapToInt(ScenarioOutcome::retries).sum(),
        (int) bugs.stream().filter(o -> o.retries() > 0).count(),
        bugs.size(),
        count(mine, o -> o.finalShape().executorsOnDemand()),
        count(mine, o -> o.finalShape().driverOnDemand()),
        mine.size(),
        count(mine, ScenarioOutcome::timedOut));
  }

  private static int count(List<ScenarioOutcome> outcomes, Predicate<ScenarioOutcome> p) {
    return (int) outcomes.stream().filter(p).count();
  }

  /** The headline table: one row per contender. */
  public String summaryTable() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| contender | remediable failures recovered | retries per recovered job (an oracle's) |"
            + " GiB-h wasted on"
            + " failed runs | final executor memory ÷ need (mean / max) | final driver memory ÷ need"
            + " (mean / max) | retries of code bugs | executors moved to on-demand | timed out |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (String c : contenders) {
      ContenderNumbers n = numbers(c);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | **%.1f%%** (%d/%d) | %.2f (%.2f) | %.0f | %.2f / %.2f | %.2f / %.2f | %d (%d of %d"
                  + " jobs) | %.1f%% (%d/%d)%s | %d |%n",
              c,
              100 * n.recoveredShare(),
              n.recovered(),
              n.remediable(),
              n.retriesPerRecovery(),
              n.minimumRetriesPerRecovery(),
              n.wastedGibHours(),
              n.executorOverMean(),
              n.executorOverMax(),
              n.driverOverMean(),
              n.driverOverMax(),
              n.codeBugRetries(),
              n.codeBugsRetried(),
              n.codeBugs(),
              100.0 * n.executorsOnDemand() / Math.max(1, n.jobs()),
              n.executorsOnDemand(),
              n.jobs(),
              n.driversOnDemand() == 0 ? "" : "; drivers " + n.driversOnDemand(),
              n.timedOut()));
    }
    return out.toString();
  }

  /** Recovered share per scenario kind (rows) and contender (columns). */
  public String byKindTable() {
    Map<ScenarioKind, List<ScenarioOutcome>> byKind = new TreeMap<>();
    for (ScenarioOutcome o : outcomes) {
      byKind.computeIfAbsent(o.scenario().kind(), k -> new ArrayList<>()).add(o);
    }
    StringBuilder out = new StringBuilder("| kind | scenarios |");
    contenders.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append('\n').append("|---|---|").append("---|".repeat(contenders.size())).append('\n');
    byKind.forEach(
        (kind, list) -> {
          long scenarios = list.stream().map(o -> o.scenario().id()).distinct().count();
          out.append("| ").append(kind.label()).append(" | ").append(scenarios).append(" |");
          for (String c : contenders) {
            List<ScenarioOutcome> mine =
                list.stream().filter(o -> o.contender().equals(c)).toList();
            long completed = mine.stream().filter(ScenarioOutcome::completed).count();
            double retries =
                mine.stream()
                    .filter(ScenarioOutcome::completed)
                    .mapToInt(ScenarioOutcome::retries)
                    .average()
                    .orElse(0);
            out.append(
                String.format(
                    Locale.ROOT,
                    " %d/%d%s |",
                    completed,
                    mine.size(),
                    completed == 0 ? "" : String.format(Locale.ROOT, " (%.1f)", retries)));
          }
          out.append('\n');
        });
    return out.toString();
  }

  /** Why remediable failures were not recovered, per contender: the scenarios and decisions. */
  public String misses(int perContender) {
    StringBuilder out = new StringBuilder();
    for (String c : contenders) {
      List<ScenarioOutcome> missed =
          outcomes.stream()
              .filter(o -> o.contender().equals(c))
              .filter(o -> o.scenario().remediable() && o.scenario().failsAsSubmitted())
              .filter(o -> !o.completed())
              .toList();
      if (missed.isEmpty() || !c.startsWith("Sparkmedic")) {
        continue;
      }
      out.append("- ").append(c).append(": ").append(missed.size()).append(" missed\n");
      Map<String, Long> byDecision =
          missed.stream()
              .collect(
                  Collectors.groupingBy(
                      o -> o.scenario().kind().label() + ": " + lastDecision(o.decisions()),
                      LinkedHashMap::new,
                      Collectors.counting()));
      byDecision.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(perContender)
          .forEach(
              e ->
                  out.append("  - ")
                      .append(e.getValue())
                      .append("× ")
                      .append(e.getKey())
                      .append('\n'));
    }
    return out.toString();
  }

  private static String lastDecision(String decisions) {
    String[] parts = decisions.trim().split(" ");
    return parts.length == 0 || parts[0].isEmpty() ? "(no record)" : parts[parts.length - 1];
  }

  /** One line per (scenario, contender), tab-separated, for analysis. */
  public String details() {
    StringBuilder out =
        new StringBuilder(
            "scenario\tkind\tcontender\tcompleted\ttimedOut\truns\twastedGibH\texecOver\tdriverOver"
                + "\texecOnDemand\tdecisions\tnote\n");
    for (ScenarioOutcome o : outcomes) {
      out.append(
              String.join(
                  "\t",
                  Arrays.asList(
                      o.scenario().id(),
                      o.scenario().kind().name(),
                      o.contender(),
                      Boolean.toString(o.completed()),
                      Boolean.toString(o.timedOut()),
                      Integer.toString(o.attempts().size()),
                      String.format(Locale.ROOT, "%.2f", o.wastedGibHours()),
                      String.format(Locale.ROOT, "%.3f", o.executorOverProvisioning()),
                      String.format(Locale.ROOT, "%.3f", o.driverOverProvisioning()),
                      Boolean.toString(o.finalShape().executorsOnDemand()),
                      o.decisions(),
                      o.scenario().note())))
          .append('\n');
    }
    return out.toString();
  }
}
