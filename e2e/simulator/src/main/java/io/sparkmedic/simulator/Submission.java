package io.sparkmedic.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * One spark-submit of an application: the operator's {@code submissionID} (a new UUID every time,
 * research §1 "Status"), Spark's application id ({@code spark-<32 hex>}, the {@code
 * spark-app-selector} label) and the resource-name prefix executor pods are named after ({@code
 * <app>-<16 hex>}, Spark's {@code KubernetesConf.getResourceNamePrefix}).
 */
record Submission(
    String submissionId, String sparkApplicationId, String resourcePrefix, SubmittedSpec spec) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static Submission create(String appName, SubmittedSpec spec) {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    String prefix =
        (appName + "-" + HexFormat.of().formatHex(id))
            .trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9\\-]", "-")
            .replaceAll("-+", "-");
    return new Submission(
        UUID.randomUUID().toString(),
        "spark-" + UUID.randomUUID().toString().replace("-", ""),
        prefix,
        spec);
  }

  String executorPodName(int id) {
    return resourcePrefix + "-exec-" + id;
  }
}
