package io.sparkmedic.remediation.signal;

import java.util.Objects;

/**
 * A Kubernetes Event about a Spark pod, a node, or the application.
 *
 * @param kind the involved object's kind ({@code Pod}, {@code Node}, {@code SparkApplication})
 * @param name the involved object's name
 * @param reason the Event's reason ({@code Evicted}, {@code SpotInterrupted}, ...)
 * @param message the Event's message
 * @param type {@code Normal} or {@code Warning}
 * @param count how many times it was seen
 */
public record ClusterEvent(
    String kind, String name, String reason, String message, String type, int count) {

  public ClusterEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    count = Math.max(count, 1);
  }

  public boolean about(String kind, String name) {
    return this.kind.equals(kind) && this.name.equals(name);
  }

  /** "Event SpotInterrupted on Node ip-10-0-41-7: Spot interruption warning was triggered". */
  public String describe() {
    return "Event "
        + reason
        + " on "
        + kind
        + " "
        + name
        + (count > 1 ? " (×" + count + ")" : "")
        + (message.isBlank() ? "" : ": " + abbreviate(message, 160));
  }

  private static String abbreviate(String s, int max) {
    String one = s.replace('\n', ' ').strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }
}
