package io.sparkmedic.crds.spark;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Kubeflow Spark operator's {@code SparkApplication} ({@code sparkoperator.k8s.io/v1beta2}),
 * typed only where Sparkmedic reads or changes it; every other field is kept as it came.
 */
@Group(SparkApplication.GROUP)
@Version(SparkApplication.VERSION)
@ShortNames("sparkapp")
public class SparkApplication extends CustomResource<SparkApplicationSpec, SparkApplicationStatus>
    implements Namespaced {

  public static final String GROUP = "sparkoperator.k8s.io";
  public static final String VERSION = "v1beta2";

  /** Label the Spark operator puts on driver and executor pods: the application's name. */
  public static final String APP_NAME_LABEL = "sparkoperator.k8s.io/app-name";

  /** Label on every pod the Spark operator launched. */
  public static final String LAUNCHED_BY_LABEL = "sparkoperator.k8s.io/launched-by-spark-operator";

  /** Label carrying the submission the pod belongs to (a new UUID per submission). */
  public static final String SUBMISSION_ID_LABEL = "sparkoperator.k8s.io/submission-id";

  /** Spark's own label: {@code driver} or {@code executor}. */
  public static final String SPARK_ROLE_LABEL = "spark-role";

  /** Spark's own label on executors: the executor id. */
  public static final String SPARK_EXEC_ID_LABEL = "spark-exec-id";

  /** Spark's own label: the Spark application id ({@code spark-...}). */
  public static final String SPARK_APP_SELECTOR_LABEL = "spark-app-selector";

  public static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
  public static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

  /** The legacy executor container name the Spark operator still accepts. */
  public static final String LEGACY_EXECUTOR_CONTAINER = "executor";
}
