package io.sparkmedic.remediation.eventlog.finding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change that addresses a finding, with what it should do, in numbers where the log gives them.
 *
 * @param action what to change, in a sentence
 * @param sparkConf Spark properties to set (key → value, in the order given), empty when the change
 *     is in code
 * @param expectedImpact what the change should do ("each task reads ~33 MiB, under its 72 MiB of
 *     execution memory: spill should stop")
 */
public record Recommendation(String action, Map<String, String> sparkConf, String expectedImpact) {

  public Recommendation {
    Objects.requireNonNull(action, "action");
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
    Objects.requireNonNull(expectedImpact, "expectedImpact");
  }
}
