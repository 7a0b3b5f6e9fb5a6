package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.driver}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriverSpec extends SparkPodSpec {}
