package io.sparkmedic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the pods of one role (driver or executor) may run, as far as the capacity type goes, read
 * from every place a {@code SparkApplication} can constrain it:
 *
 * <ul>
 *   <li>{@code spec.nodeSelector} (KF passes it as {@code spark.kubernetes.node.selector.*}) and
 *       sparkConf {@code spark.kubernetes.node.selector.<key>} / {@code
 *       spark.kubernetes.<role>.node.selector.<key>};
 *   <li>{@code spec.<role>.nodeSelector} and {@code spec.<role>.affinity} (applied by KF's mutating
 *       webhook);
 *   <li>{@code spec.<role>.template.spec.nodeSelector} and {@code .affinity} (Spark's pod
 *       template).
 * </ul>
 *
 * Only the keys {@code karpenter.sh/capacity-type} ({@code spot}, {@code on-demand}) and {@code
 * eks.amazonaws.com/capacityType} ({@code SPOT}, {@code ON_DEMAND}) matter. Node selectors and
 * required node affinity are intersected; affinity terms are OR-ed and the expressions in a term
 * AND-ed, with the operators {@code In}, {@code NotIn}, {@code Exists} and {@code DoesNotExist}, as
 * the scheduler does. Preferred affinity does not constrain.
 *
 * @param required the one capacity type the constraints allow, or null when they allow both (or,
 *     contradictory, neither): the simulator's default applies then
 * @param eksLabel whether a constraint names {@code eks.amazonaws.com/capacityType}: the node the
 *     pod lands on then carries that label too, so that the pod's own selector matches its node
 * @param nodeSelector the merged node selector the pod gets
 * @param affinity the affinity the pod gets ({@code spec.<role>.affinity}, else the template's), or
 *     null
 */
record Placement(
    CapacityType required, boolean eksLabel, Map<String, String> nodeSelector, Affinity affinity) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String NODE_SELECTOR_CONF = "spark.kubernetes.node.selector.";

  static Placement resolve(Object applicationSpec, String role) {
    JsonNode spec =
        applicationSpec == null
            ? null
            : SERIALIZATION.convertValue(applicationSpec, JsonNode.class);
    if (spec == null || !spec.isObject()) {
      return new Placement(null, false, Map.of(), null);
    }
    Map<String, String> selector = new LinkedHashMap<>();
    JsonNode conf = spec.path("sparkConf");
    String roleConf = "spark.kubernetes." + role + ".node.selector.";
    for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().startsWith(NODE_SELECTOR_CONF) && entry.getValue().isTextual()) {
        selector.put(
            entry.getKey().substring(NODE_SELECTOR_CONF.length()), entry.getValue().asText());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().startsWith(roleConf) && entry.getValue().isTextual()) {
        selector.put(entry.getKey().substring(roleConf.length()), entry.getValue().asText());
      }
    }
    JsonNode pod = spec.path(role);
    JsonNode template = pod.path("template").path("spec");
    putAll(selector, spec.path("nodeSelector"));
    putAll(selector, template.path("nodeSelector"));
    putAll(selector, pod.path("nodeSelector"));

    Set<CapacityType> allowed = EnumSet.allOf(CapacityType.class);
    boolean eks = false;
    for (String source : new String[] {"app", "template", "role"}) {
      JsonNode map =
          switch (source) {
            case "app" -> spec.path("nodeSelector");
            case "template" -> template.path("nodeSelector");
            default -> pod.path("nodeSelector");
          };
      for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        eks |= restrict(allowed, entry.getKey(), entry.getValue().asText(null));
      }
    }
    for (Map.Entry<String, String> entry : selector.entrySet()) {
      eks |= restrict(allowed, entry.getKey(), entry.getValue());
    }
    JsonNode roleAffinity = pod.path("affinity");
    JsonNode templateAffinity = template.path("affinity");
    for (JsonNode affinity : new JsonNode[] {roleAffinity, templateAffinity}) {
      JsonNode terms =
          affinity
              .path("nodeAffinity")
              .path("requiredDuringSchedulingIgnoredDuringExecution")
              .path("nodeSelectorTerms");
      if (!terms.isArray() || terms.isEmpty()) {
        continue;
      }
      Set<CapacityType> anyTerm = EnumSet.noneOf(CapacityType.class);
      for (JsonNode term : terms) {
        Set<CapacityType> thisTerm = EnumSet.allOf(CapacityType.class);
        for (JsonNode expression : term.path("matchExpressions")) {
          String key = expression.path("key").asText(null);
          if (!CapacityType.isCapacityLabel(key)) {
            continue;
          }
          eks |= CapacityType.EKS_LABEL.equals(key);
          thisTerm.retainAll(matching(key, expression));
        }
        anyTerm.addAll(thisTerm);
      }
      allowed.retainAll(anyTerm);
    }
    CapacityType required = allowed.size() == 1 ? allowed.iterator().next() : null;
    JsonNode podAffinity = roleAffinity.isObject() ? roleAffinity : templateAffinity;
    return new Placement(required, eks, Map.copyOf(selector), affinity(podAffinity));
  }

  private static void putAll(Map<String, String> into, JsonNode map) {
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
        into.put(entry.getKey(), entry.getValue().asText());
      }
    }
  }

  /** Narrows {@code allowed} by one selector entry; returns whether it named the EKS label. */
  private static boolean restrict(Set<CapacityType> allowed, String key, String value) {
    if (!CapacityType.isCapacityLabel(key)) {
      return false;
    }
    CapacityType type = CapacityType.ofLabel(key, value);
    allowed.retainAll(type == null ? Set.of() : Set.of(type));
    return CapacityType.EKS_LABEL.equals(key);
  }

  /** The capacity types whose nodes satisfy one match expression on a capacity label. */
  private static Set<CapacityType> matching(String key, JsonNode expression) {
    Set<CapacityType> named = EnumSet.noneOf(CapacityType.class);
    for (JsonNode value : expression.path("values")) {
      CapacityType type = CapacityType.ofLabel(key, value.asText(null));
      if (type != null) {
        named.add(type);
      }
    }
    return switch (expression.path("operator").asText("")) {
      case "In" -> named;
      case "NotIn" -> {
        Set<CapacityType> rest = EnumSet.allOf(CapacityType.class);
        rest.removeAll(named);
        yield rest;
      }
      case "DoesNotExist" -> EnumSet.noneOf(CapacityType.class);
      default -> EnumSet.allOf(CapacityType.class); // Exists; Gt/Lt do not apply
    };
  }

  private static Affinity affinity(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    try {
      return SERIALIZATION.convertValue(node, Affinity.class);
    } catch (RuntimeException e) {
      return null; // a malformed affinity: the webhook would reject it; do not copy it
    }
  }
}
