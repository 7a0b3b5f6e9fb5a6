package io.sparkmedic.operator.observe;

import java.util.Optional;

/** Where the tail of a driver's log comes from: the API server in the operator, a file offline. */
@FunctionalInterface
public interface DriverLogSource {

  /** The last lines of the driver container's log, or empty when it cannot be read. */
  Optional<String> tail(String namespace, String driverPod);

  DriverLogSource NONE = (namespace, pod) -> Optional.empty();
}
