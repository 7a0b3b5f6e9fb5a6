package io.sparkmedic.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events on the objects Sparkmedic acts on. The Event's name is derived from the
 * object, reason and message, so a repeat of the same Event bumps its {@code count} instead of
 * creating another object. Best effort: a failure to record is logged, never thrown.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  public static final String COMPONENT = "sparkmedic";

  /** Why an Event was written; CamelCase as Kubernetes reasons are. */
  public enum Reason {
    Remediated(Type.Normal),
    RemediationAdvised(Type.Normal),
    NotRemediated(Type.Warning),
    RetrySucceeded(Type.Normal),
    RetryFailed(Type.Warning),
    RestartNudged(Type.Warning),
    NotSelected(Type.Normal),
    InvalidPolicy(Type.Warning);

    private final Type type;

    Reason(Type type) {
      this.type = type;
    }

    public Type type() {
      return type;
    }
  }

  /** Kubernetes Event types. */
  public enum Type {
    Normal,
    Warning
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance == null ? "sparkmedic" : instance;
  }

  public void record(HasMetadata regarding, Reason reason, String message) {
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
    String namespace = regarding.getMetadata().getNamespace();
    String name = eventName(regarding, reason, text);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withInvolvedObject(
                  new ObjectReferenceBuilder()
                      .withApiVersion(regarding.getApiVersion())
                      .withKind(regarding.getKind())
                      .withName(regarding.getMetadata().getName())
                      .withNamespace(namespace)
                      .withUid(regarding.getMetadata().getUid())
                      .build())
              .withReason(reason.name())
              .withMessage(text)
              .withType(reason.type().name())
              .withCount(1)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withNewSource()
              .withComponent(COMPONENT)
              .endSource()
              .withReportingComponent("sparkmedic.io/operator")
              .withReportingInstance(instance)
              .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        bump(namespace, name, now);
      } else {
        LOG.warn(
            "could not record event {} on {}/{}: {}",
            reason,
            namespace,
            regarding.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private void bump(String namespace, String name, String now) {
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              e -> {
                e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
                e.setLastTimestamp(now);
                return e;
              });
    } catch (KubernetesClientException e) {
      LOG.warn("could not update event {}/{}: {}", namespace, name, e.getMessage());
    }
  }

  static String eventName(HasMetadata regarding, Reason reason, String message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(
          (Objects.toString(regarding.getMetadata().getUid()) + "\n" + reason + "\n" + message)
              .getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
      String base = regarding.getMetadata().getName();
      if (base.length() > 200) {
        base = base.substring(0, 200);
      }
      return base + "." + hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
