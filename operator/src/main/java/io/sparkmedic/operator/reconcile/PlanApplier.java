package io.sparkmedic.operator.reconcile;

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

/**
 * Applies a recorded plan to its application in place, as one JSON Patch (RFC 6902) that touches
 * only the changed fields. The patch carries {@code test} operations on the application's uid and
 * on every field's current value, so an edit made since the operator last saw the application makes
 * the API server reject the patch instead of our change overwriting someone else's. The same patch
 * marks the application with the record's name: the mark proves the plan was applied.
 */
public final class PlanApplier {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();

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

  public void apply(SparkApplication app, SparkRemediation remediation) {
    String patch = patchFor(app, remediation).toString();
    client
        .resources(SparkApplication.class)
        .inNamespace(app.getMetadata().getNamespace())
        .withName(app.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  /** The JSON Patch that applies the record's changes to the application as last seen. */
  static ArrayNode patchFor(SparkApplication app, SparkRemediation remediation) {
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
      ops.add(op("add", path.toJsonPointer(), JSON.textNode(change.getTo())));
    }
    SpecPath mark =
        SpecPath.of("metadata", "annotations", Sparkmedic.APPLIED_REMEDIATION_ANNOTATION);
    addParents(current, mark, ops);
    ops.add(op("add", mark.toJsonPointer(), JSON.textNode(remediation.getMetadata().getName())));
    return ops;
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
