package io.sparkmedic.operator.cli.plugin;

import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl sparkmedic explain APP}: the latest decision about the application, in full. */
@Command(
    name = "explain",
    description =
        "Why the application's last failed run failed and what Sparkmedic did: the diagnosis with"
            + " its evidence, other diagnoses, the changes with their reasons, advice, outcome.",
    mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {

  @ParentCommand KubectlCommand plugin;
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "APP", description = "The SparkApplication.")
  String application;

  @Option(
      names = "--attempt",
      paramLabel = "N",
      description = "Explain the job's attempt N instead (see `history`).")
  Integer attempt;

  @Override
  public Integer call() {
    return plugin.print(
        cluster,
        spec,
        (client, namespace) -> explain(Lineage.read(client, namespace, application)));
  }

  private String explain(Lineage lineage) {
    String name = lineage.asked().getMetadata().getName();
    if (attempt != null) {
      return lineage.records().stream()
          .filter(r -> Lineage.attempt(r) == attempt)
          .findFirst()
          .map(RemediationExplanation::render)
          .orElseThrow(
              () ->
                  new KubectlCommand.Failure(
                      "the job of "
                          + name
                          + " has no attempt "
                          + attempt
                          + " (see `history "
                          + name
                          + "`)"));
    }
    List<SparkRemediation> own = lineage.recordsOf(lineage.asked());
    if (own.isEmpty()) {
      return "No SparkRemediation about "
          + name
          + ": it has not failed while Sparkmedic watched it, or no TuningPolicy selects it"
          + " (see `policies`).\n";
    }
    return RemediationExplanation.render(own.get(own.size() - 1));
  }
}
