package io.sparkmedic.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.remediation.plan.SpecPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Applies a recorded plan to the cluster.
 *
 * <p>In place: one JSON Patch (RFC 6902) that touches only the changed fields, with {@code test}
 * operations on the application's uid and on every changed field's current value, so an edit made
 * since the operator last saw the application makes the API server reject the patch instead of
 * Sparkmedic overwriting it. The same patch sets the run marker in {@code sparkConf} (the Spark
 * operator restarts an application only when its spec changes) and the applied-remediation
 * annotation, which proves the plan was applied.
 *
 * <p>As a new application: a copy of the failed application — every field kept, unknown ones
 * included — with the changes, {@code restartPolicy: Never} (so the Spark operator's own retries
 * never race Sparkmedic's) and links back to the original.
 */
public final class PlanApplier {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final Pattern RETRY_SUFFIX = Pattern.compile("-r\\d+$");

  private final KubernetesClient client;

  public PlanApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Whether the application already carries this record's changes. */
  public static boolean isApplied(SparkApplication app, SparkRemediation remediation) {
    return app.getMetadata().getAnnotations() != null
        && remediation
            .getMetadata()
            .getName()
            .equals(
                app.getMetadata().getAnnotations().get(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION));
  }

  public void applyInPlace(SparkApplication app, SparkRemediation remediation) {
    patch(app, patchFor(app, remediation, remediation.getMetadata().getName()));
  }

  /**
   * Changes the run marker again, for when the Spark operator missed the first change (its restart
   * on spec change is best effort).
   */
  public void nudge(SparkApplication app, SparkRemediation remediation, String when) {
    ArrayNode ops = JSON.arrayNode();
    ops.add(op("test", "/metadata/uid", JSON.textNode(app.getMetadata().getUid())));
    SpecPath marker = SpecPath.of("spec", "sparkConf", Sparkmedic.RUN_MARKER_CONF);
    addParents(MAPPER.valueToTree(app), marker, ops);
    ops.add(
        op(
            "add",
            marker.toJsonPointer(),
            JSON.textNode(remediation.getMetadata().getName() + "." + when)));
    patch(app, ops);
  }

  private void patch(SparkApplication app, ArrayNode ops) {
    client
        .resources(SparkApplication.class)
        .inNamespace(app.getMetadata().getNamespace())
        .withName(app.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), ops.toString());
  }

  /** The JSON Patch that applies the record's changes to the application as last seen. */
  static ArrayNode patchFor(SparkApplication app, SparkRemediation remediation, String marker) {
    JsonNode current = MAPPER.valueToTree(app);
    ArrayNode ops = JSON.arrayNode();
    ops.add(op("test", "/metadata/uid", JSON.textNode(app.getMetadata().getUid())));
    for (SparkRemediationSpec.Change change : remediation.getSpec().getChanges()) {
      SpecPath path = SpecPaths.parse(change.getPath());
      addParents(current, path, ops);
      JsonNode existing = current.at(path.toJsonPointer());
      if (!existing.isMissingNode()) {
        ops.add(op("test", path.toJsonPointer(), existing));
      }
      ops.add(op("add", path.toJsonPointer(), value(change)));
    }
    SpecPath run = SpecPath.of("spec", "sparkConf", Sparkmedic.RUN_MARKER_CONF);
    addParents(current, run, ops);
    ops.add(op("add", run.toJsonPointer(), JSON.textNode(marker)));
    SpecPath mark =
        SpecPath.of("metadata", "annotations", Sparkmedic.APPLIED_REMEDIATION_ANNOTATION);
    addParents(current, mark, ops);
    ops.add(op("add", mark.toJsonPointer(), JSON.textNode(remediation.getMetadata().getName())));
    return ops;
  }

  /**
   * Creates the retry as a new application; returns its name. Creating it twice is harmless: the
   * second create finds it there (409) and the name is returned all the same.
   */
  public String createRetryApplication(
      SparkApplication app, SparkRemediation remediation, String lineage) {
    SparkApplication retry = retryApplication(app, remediation, lineage);
    try {
      client.resource(retry).create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return retry.getMetadata().getName();
  }

  static SparkApplication retryApplication(
      SparkApplication app, SparkRemediation remediation, String lineage) {
    ObjectNode copy = MAPPER.valueToTree(app);
    copy.remove("status");
    ObjectNode metadata = JSON.objectNode();
    String name = retryName(app.getMetadata().getName(), remediation.getSpec().getAttempt());
    metadata.put("name", name);
    metadata.put("namespace", app.getMetadata().getNamespace());
    ObjectNode labels = metadata.putObject("labels");
    if (app.getMetadata().getLabels() != null) {
      app.getMetadata().getLabels().forEach(labels::put);
    }
    labels.put(Sparkmedic.LINEAGE_LABEL, lineage);
    ObjectNode annotations = metadata.putObject("annotations");
    if (app.getMetadata().getAnnotations() != null) {
      app.getMetadata()
          .getAnnotations()
          .forEach(
              (k, v) -> {
                if (!k.equals("kubectl.kubernetes.io/last-applied-configuration")
                    && !k.equals(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION)) {
                  annotations.put(k, v);
                }
              });
    }
    annotations.put(Sparkmedic.RETRY_OF_ANNOTATION, app.getMetadata().getName());
    annotations.put(Sparkmedic.APPLIED_REMEDIATION_ANNOTATION, remediation.getMetadata().getName());
    copy.set("metadata", metadata);
    ObjectNode spec = copy.with("spec");
    for (SparkRemediationSpec.Change change : remediation.getSpec().getChanges()) {
      set(copy, SpecPaths.parse(change.getPath()), value(change));
    }
    set(
        copy,
        SpecPath.of("spec", "sparkConf", Sparkmedic.RUN_MARKER_CONF),
        JSON.textNode(remediation.getMetadata().getName()));
    ObjectNode restart = JSON.objectNode();
    restart.put("type", "Never");
    spec.set("restartPolicy", restart);
    return MAPPER.convertValue(copy, SparkApplication.class);
  }

  /**
   * {@code <name>-r<N>}: a DNS-1035 label of at most 63 characters. Retries of a retry keep the
   * original's name ({@code etl-r2}, not {@code etl-r1-r2}).
   */
  public static String retryName(String name, int attempt) {
    String base =
        RETRY_SUFFIX
            .matcher(name)
            .replaceFirst("")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-");
    String suffix = "-r" + attempt;
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length());
    }
    base = base.replaceAll("-+$", "");
    if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
      base = "a" + base;
      if (base.length() + suffix.length() > 63) {
        base = base.substring(0, 63 - suffix.length());
      }
    }
    return base + suffix;
  }

  private static JsonNode value(SparkRemediationSpec.Change change) {
    if (!change.json()) {
      return JSON.textNode(change.getTo());
    }
    try {
      return MAPPER.readTree(change.getTo());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "record change " + change.getPath() + " is not JSON: " + change.getTo(), e);
    }
  }

  private static void set(ObjectNode root, SpecPath path, JsonNode value) {
    ObjectNode node = root;
    List<String> segments = path.segments();
    for (String segment : segments.subList(0, segments.size() - 1)) {
      JsonNode next = node.get(segment);
      if (!(next instanceof ObjectNode)) {
        next = node.putObject(segment);
      }
      node = (ObjectNode) next;
    }
    node.set(segments.get(segments.size() - 1), value);
  }

  /** JSON Patch {@code add} needs the parent to exist: create missing objects on the way down. */
  private static void addParents(JsonNode current, SpecPath path, ArrayNode ops) {
    List<String> segments = path.segments();
    List<String> prefix = new ArrayList<>();
    for (String segment : segments.subList(0, segments.size() - 1)) {
      prefix.add(segment);
      SpecPath parent = new SpecPath(prefix);
      if (current.at(parent.toJsonPointer()).isMissingNode() && !alreadyAdded(ops, parent)) {
        ops.add(op("add", parent.toJsonPointer(), JSON.objectNode()));
      }
    }
  }

  private static boolean alreadyAdded(ArrayNode ops, SpecPath path) {
    for (JsonNode op : ops) {
      if ("add".equals(op.get("op").asText())
          && path.toJsonPointer().equals(op.get("path").asText())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode node = JSON.objectNode();
    node.put("op", op);
    node.put("path", path);
    node.set("value", value);
    return node;
  }
}
