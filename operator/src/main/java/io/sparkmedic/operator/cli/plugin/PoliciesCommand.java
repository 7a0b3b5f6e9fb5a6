package io.sparkmedic.operator.cli.plugin;

import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kubectl sparkmedic policies}: each TuningPolicy and what it governs now. */
@Command(
    name = "policies",
    description =
        "Each TuningPolicy of the namespace with Ready, mode, strategy, priority, and the"
            + " applications it selects now; then the applications no policy selects.",
    mixinStandardHelpOptions = true)
final class PoliciesCommand implements Callable<Integer> {

  @ParentCommand KubectlCommand plugin;
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    return plugin.print(
        cluster,
        spec,
        (client, namespace) ->
            PolicyOverview.render(
                namespace,
                client.resources(TuningPolicy.class).inNamespace(namespace).list().getItems(),
                client.resources(SparkApplication.class).inNamespace(namespace).list().getItems()));
  }
}
