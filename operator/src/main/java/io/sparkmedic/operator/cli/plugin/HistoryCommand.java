package io.sparkmedic.operator.cli.plugin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl sparkmedic history APP}: the job's runs and remediations as a tree. */
@Command(
    name = "history",
    description =
        "An application's runs as a tree: each failed run with its SparkRemediation (attempt,"
            + " diagnosis, action, changes, outcome), and the retry applications of its job.",
    mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {

  @ParentCommand KubectlCommand plugin;
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "APP", description = "The SparkApplication (the original or a retry).")
  String application;

  @Override
  public Integer call() {
    return plugin.print(
        cluster,
        spec,
        (client, namespace) -> HistoryTree.render(Lineage.read(client, namespace, application)));
  }
}
