package io.sparkmedic.operator.eventlog;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach event logs: S3 endpoint and region (for S3-compatible stores and tests; by default
 * the AWS SDK's standard chains decide), and HTTP timeouts for the Spark REST APIs. Set globally or
 * per policy.
 *
 * @param s3Endpoint an S3 endpoint to use instead of AWS's, or null
 * @param s3Region the S3 region, or null for the SDK's region chain (then us-east-1)
 * @param s3PathStyle path-style S3 addressing (MinIO and most S3-compatible stores)
 * @param httpTimeout connect and request timeout for History Server and driver UI calls
 */
public record EventLogSourceSettings(
    URI s3Endpoint, String s3Region, boolean s3PathStyle, Duration httpTimeout) {

  public static final EventLogSourceSettings DEFAULTS =
      new EventLogSourceSettings(null, null, false, Duration.ofSeconds(30));

  public EventLogSourceSettings {
    Objects.requireNonNull(httpTimeout, "httpTimeout");
  }
}
