package io.sparkmedic.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders and lints the Helm chart in {@code charts/sparkmedic} with the Helm library bundled by
 * helm-java (no {@code helm} binary needed), and checks what the chart promises: a hardened
 * Deployment, least-privilege RBAC scoped by {@code watchNamespaces}, and a values schema that
 * rejects bad values.
 */
class ChartTest {

  /** The chart, relative to the operator module (Maven's working directory for tests). */
  private static final Path CHART = Paths.get("..", "charts", "sparkmedic");

  private static final String RELEASE = "sparkmedic";
  private static final String RELEASE_NAMESPACE = "sparkmedic-system";

  /** One permission: API group ("" is core), resource (with subresource), verb. */
  record ApiCall(String group, String resource, String verb) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }

  /**
   * Every Kubernetes API call the operator's code makes, and so exactly the RBAC the chart must
   * grant: a rule added to the chart without a call here, or a call here the chart does not grant,
   * fails {@link #rbacGrantsExactlyTheApiCallsTheOperatorMakes()}.
   */
  /** The calls the operator makes inside each namespace it watches. */
  static final List<ApiCall> NAMESPACED_CALLS =
      Stream.of(
              calls("sparkoperator.k8s.io", "sparkapplications", "get", "list", "watch", "patch"),
              calls("", "pods", "get", "list", "watch"),
              calls("", "pods/log", "get"),
              calls("", "events", "create", "patch", "list"),
              calls("sparkmedic.io", "tuningpolicies", "get", "list", "watch"),
              calls("sparkmedic.io", "tuningpolicies/status", "patch", "update"),
              calls(
                  "sparkmedic.io",
                  "sparkremediations",
                  "get",
                  "list",
                  "watch",
                  "create",
                  "patch",
                  "update"),
              calls("sparkmedic.io", "sparkremediations/status", "patch", "update"))
          .flatMap(List::stream)
          .toList();

  /** Cluster-scoped: the nodes Spark pods ran on, read by name (NodeCache). */
  static final List<ApiCall> NODE_CALLS = calls("", "nodes", "get");

  /** Events about nodes, which Kubernetes records in the default namespace (ApiClusterEvents). */
  static final List<ApiCall> NODE_EVENT_CALLS = calls("", "events", "list");

  static final List<ApiCall> API_CALLS_THE_OPERATOR_MAKES =
      Stream.of(NAMESPACED_CALLS, NODE_CALLS).flatMap(List::stream).toList();

  private static List<ApiCall> calls(String group, String resource, String... verbs) {
    return Arrays.stream(verbs).map(verb -> new ApiCall(group, resource, verb)).toList();
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tempDir;

  @Test
  void lintPassesWithDefaultValues() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARN"));
  }

  @Test
  void defaultRenderIsAHardenedOperatorWatchingAllNamespaces() {
    List<HasMetadata> objects = render();

    Deployment deployment = single(objects, Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    Container container = single(pod.getContainers());
    assertThat(container.getImage()).isEqualTo("ghcr.io/sparkmedic/sparkmedic:0.1.0");
    assertThat(container.getCommand()).as("the image's entrypoint runs the jar").isEmpty();
    assertThat(container.getArgs()).containsExactly("run", "--health-port", "8080");

    SecurityContext security = container.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).isEqualTo(65532L);
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);

    // A read-only root filesystem needs a writable /tmp for the JVM.
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
              assertThat(
                      pod.getVolumes().stream()
                          .filter(v -> v.getName().equals(mount.getName()))
                          .findFirst()
                          .orElseThrow()
                          .getEmptyDir())
                  .isNotNull();
            });

    assertThat(container.getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
    String portName = container.getPorts().get(0).getName();
    assertHttpGet(container.getLivenessProbe(), "/healthz", portName);
    assertHttpGet(container.getReadinessProbe(), "/readyz", portName);
    Probe startup = container.getStartupProbe();
    assertHttpGet(startup, "/healthz", portName);
    assertThat(startup.getFailureThreshold()).isEqualTo(30);
    assertThat(startup.getPeriodSeconds()).isEqualTo(2);

    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", quantity("100m"))
        .containsEntry("memory", quantity("256Mi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", quantity("512Mi"));

    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("SPARKMEDIC_LOG_LEVEL").getValue()).isEqualTo("info");

    Service service = single(objects, Service.class);
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(8080));

    assertThat(single(objects, ServiceAccount.class).getMetadata().getName()).isEqualTo(RELEASE);

    ClusterRole clusterRole = single(objects, ClusterRole.class);
    ClusterRoleBinding binding = single(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(pod.getServiceAccountName());
              assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
            });
    assertThat(ofKind(objects, Role.class)).isEmpty();
    assertThat(ofKind(objects, RoleBinding.class)).isEmpty();

    for (HasMetadata object : objects) {
      assertThat(object.getMetadata().getLabels())
          .as("labels of %s", object.getKind())
          .containsEntry("app.kubernetes.io/name", "sparkmedic")
          .containsEntry("app.kubernetes.io/instance", RELEASE)
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("helm.sh/chart", "sparkmedic-0.1.0");
    }
  }

  @Test
  void watchNamespacesGiveOneRoleAndBindingPerNamespaceAndOnlyNodeReadsClusterWide() {
    List<HasMetadata> objects = render("watchNamespaces: [team-a, team-b]");

    assertThat(ofKind(objects, ClusterRole.class))
        .singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo(RELEASE + "-nodes"));
    assertThat(ofKind(objects, ClusterRoleBinding.class))
        .singleElement()
        .satisfies(b -> assertThat(b.getRoleRef().getName()).isEqualTo(RELEASE + "-nodes"));
    assertThat(ofKind(objects, Role.class))
        .extracting(role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "team-a/" + RELEASE, "team-b/" + RELEASE, "default/" + RELEASE + "-node-events");
    List<RoleBinding> bindings = ofKind(objects, RoleBinding.class);
    assertThat(bindings)
        .extracting(binding -> binding.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", "default");
    for (RoleBinding binding : bindings) {
      Role role =
          ofKind(objects, Role.class).stream()
              .filter(
                  r -> r.getMetadata().getNamespace().equals(binding.getMetadata().getNamespace()))
              .findFirst()
              .orElseThrow();
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(RELEASE);
                assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
              });
    }

    Container container = operatorContainer(objects);
    assertThat(container.getArgs())
        .containsExactly("run", "--namespaces", "team-a,team-b", "--health-port", "8080");
  }

  @Test
  void rbacGrantsExactlyTheApiCallsTheOperatorMakes() {
    assertThat(API_CALLS_THE_OPERATOR_MAKES).doesNotHaveDuplicates();
    Map<String, List<ApiCall>> clusterWide = grants(render("{}"));
    assertThat(clusterWide)
        .containsOnlyKeys("ClusterRole " + RELEASE)
        .allSatisfy(
            (role, granted) ->
                assertThat(granted)
                    .as("%s grants exactly API_CALLS_THE_OPERATOR_MAKES", role)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(API_CALLS_THE_OPERATOR_MAKES));

    Map<String, List<ApiCall>> namespaced = grants(render("watchNamespaces: [team-a, team-b]"));
    assertThat(namespaced.get("Role team-a/" + RELEASE))
        .containsExactlyInAnyOrderElementsOf(NAMESPACED_CALLS);
    assertThat(namespaced.get("Role team-b/" + RELEASE))
        .containsExactlyInAnyOrderElementsOf(NAMESPACED_CALLS);
    assertThat(namespaced.get("ClusterRole " + RELEASE + "-nodes"))
        .containsExactlyInAnyOrderElementsOf(NODE_CALLS);
    assertThat(namespaced.get("Role default/" + RELEASE + "-node-events"))
        .containsExactlyInAnyOrderElementsOf(NODE_EVENT_CALLS);
    assertThat(namespaced).hasSize(4);
  }

  /** Every Role and ClusterRole rendered, with the (group, resource, verb) triples it grants. */
  private static Map<String, List<ApiCall>> grants(List<HasMetadata> objects) {
    Map<String, List<PolicyRule>> rulesByRole = new LinkedHashMap<>();
    ofKind(objects, ClusterRole.class)
        .forEach(r -> rulesByRole.put("ClusterRole " + r.getMetadata().getName(), r.getRules()));
    ofKind(objects, Role.class)
        .forEach(
            r ->
                rulesByRole.put(
                    "Role " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
                    r.getRules()));
    Map<String, List<ApiCall>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<PolicyRule>> role : rulesByRole.entrySet()) {
      List<ApiCall> granted = new ArrayList<>();
      for (PolicyRule rule : role.getValue()) {
        assertThat(rule.getApiGroups()).as(role.getKey()).isNotEmpty().doesNotContain("*");
        assertThat(rule.getResources()).as(role.getKey()).isNotEmpty().doesNotContain("*");
        assertThat(rule.getVerbs()).as(role.getKey()).isNotEmpty().doesNotContain("*");
        assertThat(rule.getResources())
            .as(role.getKey())
            .noneMatch(resource -> resource.startsWith("secrets"));
        assertThat(rule.getNonResourceURLs()).as(role.getKey()).isNullOrEmpty();
        assertThat(rule.getResourceNames()).as(role.getKey()).isNullOrEmpty();
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              granted.add(new ApiCall(group, resource, verb));
            }
          }
        }
      }
      assertThat(granted).as(role.getKey()).doesNotHaveDuplicates();
      out.put(role.getKey(), granted);
    }
    return out;
  }

  @Test
  void valuesSchemaRejectsAWrongType() {
    // helm-java surfaces Helm's error as an IllegalStateException carrying Helm's message.
    assertThatThrownBy(() -> template().set("replicaCount", "two").call())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicaCount")
        .hasMessageContaining("integer");
  }

  @Test
  void valuesSchemaRejectsAnUnknownTopLevelValue() {
    // A typo such as "watchNamespace" would otherwise silently watch every namespace.
    assertThatThrownBy(() -> render("watchNamespace: [team-a]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("watchNamespace")
        .hasMessageContaining("not allowed");
  }

  @Test
  void valuesSchemaRejectsAnInvalidNamespaceAndLogLevel() {
    assertThatThrownBy(() -> render("watchNamespaces: [Team_A]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> render("logLevel: verbose"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("logLevel");
  }

  @Test
  void valuesAreApplied() {
    List<HasMetadata> objects =
        render(
            """
            image:
              tag: "1.2.3-rc1"
            replicaCount: 2
            logLevel: debug
            healthPort: 9090
            serviceAccount:
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/sparkmedic
            podLabels:
              team: platform
            nodeSelector:
              karpenter.sh/capacity-type: on-demand
            """);

    Deployment deployment = single(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getStrategy())
        .as("Recreate only for a single replica")
        .isNull();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("karpenter.sh/capacity-type", "on-demand");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "platform");
    Container container = single(pod.getContainers());
    assertThat(container.getImage()).isEqualTo("ghcr.io/sparkmedic/sparkmedic:1.2.3-rc1");
    assertThat(container.getArgs()).containsExactly("run", "--health-port", "9090");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("SPARKMEDIC_LOG_LEVEL");
              assertThat(env.getValue()).isEqualTo("debug");
            });
    assertThat(single(objects, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/sparkmedic");
  }

  @Test
  void anExistingServiceAccountIsBoundInsteadOfCreated() {
    List<HasMetadata> objects =
        render(
            """
            serviceAccount:
              create: false
              name: spark-ops
            """);

    assertThat(ofKind(objects, ServiceAccount.class)).isEmpty();
    assertThat(single(objects, Deployment.class).getSpec().getTemplate().getSpec())
        .extracting(PodSpec::getServiceAccountName)
        .isEqualTo("spark-ops");
    assertThat(single(objects, ClusterRoleBinding.class).getSubjects())
        .singleElement()
        .satisfies(subject -> assertThat(subject.getName()).isEqualTo("spark-ops"));
  }

  // --- helpers -----------------------------------------------------------------------------

  /** {@code helm template} with the chart's default values. */
  private List<HasMetadata> render() {
    return parse(template().call());
  }

  /**
   * {@code helm template -f values.yaml}. A values file rather than {@code set(key, value)}:
   * helm-java escapes every {@code {[,.]}} in a set value, so {@code set("list", "{a,b}")} gives
   * the string "{a,b}", not a list.
   */
  private List<HasMetadata> render(String valuesYaml) {
    return parse(template().withValuesFile(valuesFile(valuesYaml)).call());
  }

  private static TemplateCommand template() {
    return new Helm(CHART).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE);
  }

  private Path valuesFile(String valuesYaml) {
    try {
      return Files.writeString(Files.createTempFile(tempDir, "values-", ".yaml"), valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(manifests)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject() && document.has("kind")) {
          objects.add(SERIALIZATION.convertValue(document, HasMetadata.class));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("helm template rendered invalid YAML:\n" + manifests, e);
    }
    assertThat(objects).as("rendered objects").isNotEmpty();
    return objects;
  }

  private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> kind) {
    List<T> matching = ofKind(objects, kind);
    assertThat(matching).as("rendered %s objects", kind.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static Container operatorContainer(List<HasMetadata> objects) {
    return single(
        single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers());
  }

  private static void assertHttpGet(Probe probe, String path, String portName) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(portName);
  }

  private static Quantity quantity(String value) {
    return new Quantity(value);
  }
}
