package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;

/**
 * One way of handling failed Spark jobs, run side by side with the others on the same scenarios:
 * each in its own namespace of one API server, under one simulated Spark operator.
 */
public interface Contender extends AutoCloseable {

  /** Short name, for tables. */
  String name();

  /** What it does, in a sentence, for the report. */
  String description();

  /** Its namespace (DNS-1123). */
  String namespace();

  /** Whether it needs Sparkmedic running on its namespace. */
  default boolean sparkmedic() {
    return false;
  }

  /** Sets up what it needs in its namespace (a policy, a watcher), once. */
  void start(KubernetesClient client) throws Exception;

  /** Shapes an application before it is submitted (e.g. its restart policy). */
  void shape(SparkApplicationSpec spec);

  /**
   * Whether a {@code FAILED} application will stay failed: nothing this contender does will run it
   * again. Called repeatedly while the benchmark waits.
   */
  boolean settled(SparkApplication failed, Records records);

  /** What it decided about one application, for the per-run details; empty when nothing. */
  default String decisions(SparkApplication app, Records records) {
    return "";
  }

  @Override
  default void close() {}
}
