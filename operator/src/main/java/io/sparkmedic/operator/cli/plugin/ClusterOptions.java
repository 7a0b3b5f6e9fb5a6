package io.sparkmedic.operator.cli.plugin;

import picocli.CommandLine.Option;

/** Where to read: kubectl's own {@code -n} and {@code --context}. */
final class ClusterOptions {

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace (default: the kubeconfig context's).")
  String namespace;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      description = "kubeconfig context (default: the current one).")
  String context;
}
