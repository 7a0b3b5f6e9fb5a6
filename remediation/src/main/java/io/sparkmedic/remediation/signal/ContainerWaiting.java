package io.sparkmedic.remediation.signal;

import java.util.Objects;

/**
 * A Spark container that never started: {@code state.waiting} with a reason such as {@code
 * ImagePullBackOff}, {@code ErrImagePull}, {@code CreateContainerConfigError}.
 */
public record ContainerWaiting(SparkRole role, String podName, String reason, String message) {

  public ContainerWaiting {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(podName, "podName");
  }
}
