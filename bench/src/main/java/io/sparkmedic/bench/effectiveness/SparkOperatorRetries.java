package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmedic.crds.spark.RestartPolicy;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;

/**
 * What teams get with the Kubeflow Spark operator alone: {@code restartPolicy: Never}, or {@code
 * OnFailure} with N retries of the same spec (KF's default 5s interval, linear backoff). KF's
 * {@code FAILED} is final: its retries are over by then.
 */
public final class SparkOperatorRetries implements Contender {

  private final int retries;

  private SparkOperatorRetries(int retries) {
    this.retries = retries;
  }

  /** {@code restartPolicy: Never}. */
  public static SparkOperatorRetries none() {
    return new SparkOperatorRetries(0);
  }

  /** {@code restartPolicy: OnFailure} with {@code retries} retries. */
  public static SparkOperatorRetries onFailure(int retries) {
    return new SparkOperatorRetries(retries);
  }

  @Override
  public String name() {
    return retries == 0 ? "no retry" : "Spark operator retries";
  }

  @Override
  public String description() {
    return retries == 0
        ? "`restartPolicy: Never`"
        : "`restartPolicy: OnFailure`, " + retries + " retries of the same spec (KF's 5s interval)";
  }

  @Override
  public String namespace() {
    return retries == 0 ? "no-retry" : "kf-onfailure";
  }

  @Override
  public void start(KubernetesClient client) {}

  @Override
  public void shape(SparkApplicationSpec spec) {
    RestartPolicy policy = new RestartPolicy();
    if (retries == 0) {
      policy.setType(RestartPolicy.NEVER);
    } else {
      policy.setType(RestartPolicy.ON_FAILURE);
      policy.setOnFailureRetries(retries);
      policy.setOnSubmissionFailureRetries(retries);
    }
    spec.setRestartPolicy(policy);
  }

  @Override
  public boolean settled(SparkApplication failed, Records records) {
    return true;
  }
}
