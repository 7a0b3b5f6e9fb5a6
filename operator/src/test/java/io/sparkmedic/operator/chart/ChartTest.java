package io.sparkmedic.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import io.sparkmedic.operator.cli.RunCommand;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

  /**
   * One permission: API group ("" is core), resource (with subresource), verb, and the one object
   * it is limited to ("" for any).
   */
  record ApiCall(String group, String resource, String verb, String resourceName) {
    ApiCall(String group, String resource, String verb) {
      this(group, resource, verb, "");
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group)
          + "/"
          + resource
          + (resourceName.isEmpty() ? "" : "/" + resourceName)
          + ":"
          + verb;
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

  /** The Lease the chart names by default: "<fullname>-leader". */
  static final String LEASE = RELEASE + "-leader";

  /**
   * Leader election, in the release namespace only: JOSDK refuses to start unless a
   * SelfSubjectRulesReview shows get, create and update on leases ({@link
   * #JOSDK_CHECKED_LEASE_VERBS}); fabric8's LeaderElector then creates the Lease, reads it, and
   * acquires and renews it with a JSON merge patch ({@link
   * #leaseRulesGrantWhatLeaderElectionChecksAndDoes()} watches it do so). Only create cannot be
   * limited to the one Lease.
   */
  static List<ApiCall> leaseCalls(String lease) {
    return List.of(
        new ApiCall("coordination.k8s.io", "leases", "create"),
        new ApiCall("coordination.k8s.io", "leases", "get", lease),
        new ApiCall("coordination.k8s.io", "leases", "update", lease),
        new ApiCall("coordination.k8s.io", "leases", "patch", lease));
  }

  static final List<String> JOSDK_CHECKED_LEASE_VERBS = List.of("get", "create", "update");

  private static List<ApiCall> calls(String group, String resource, String... verbs) {
    return Arrays.stream(verbs).map(verb -> new ApiCall(group, resource, verb)).toList();
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  @TempDir Path tempDir;

  @Test
  void lintPassesWithDefaultValues() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARN"));
  }

  @Test
  void lintPassesWithEveryOptionalPartTurnedOn(@TempDir Path chartCopy) throws IOException {
    // helm-java's lint takes no values file: lint a copy of the chart whose defaults are these.
    copyChartWithValues(
        chartCopy,
        """
        replicaCount: 3
        watchNamespaces: [team-a, team-b]
        leaderElection:
          leaseName: spark-remediation
        logFormat: json
        capacityTypeLabels: [node.example.com/lifecycle]
        podDisruptionBudget:
          enabled: true
        serviceMonitor:
          enabled: true
          interval: 15s
          scrapeTimeout: 10s
          labels:
            release: kube-prometheus-stack
        grafanaDashboard:
          enabled: true
          namespace: monitoring
          annotations:
            grafana_folder: Spark
        """);

    LintResult result = new Helm(chartCopy).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARN"));
  }

  @Test
  void defaultRenderIsAHardenedOperatorWatchingAllNamespaces() {
    List<HasMetadata> objects = render();
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .as("no leader election, PodDisruptionBudget, ServiceMonitor or dashboard by default")
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");

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
    assertThat(container.getArgs())
        .containsExactly("run", "--health-port", "8080", "--log-format", "text");

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
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http-metrics");
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo(portName);
            });

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
        .containsExactly(
            "run",
            "--namespaces",
            "team-a,team-b",
            "--health-port",
            "8080",
            "--log-format",
            "text");
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

  @Test
  void leaseRulesAppearExactlyWhenLeaderElectionIsOnAndOnlyInTheReleaseNamespace() {
    String leaseRole = "Role " + RELEASE_NAMESPACE + "/" + RELEASE + "-leader-election";

    Map<String, List<ApiCall>> twoReplicas = grants(render("replicaCount: 2"));
    assertThat(twoReplicas)
        .containsOnlyKeys("ClusterRole " + RELEASE, leaseRole)
        .hasEntrySatisfying(
            "ClusterRole " + RELEASE,
            granted ->
                assertThat(granted)
                    .containsExactlyInAnyOrderElementsOf(API_CALLS_THE_OPERATOR_MAKES));
    assertThat(twoReplicas.get(leaseRole)).containsExactlyInAnyOrderElementsOf(leaseCalls(LEASE));

    Map<String, List<ApiCall>> namespaced =
        grants(render("{replicaCount: 2, watchNamespaces: [team-a, team-b]}"));
    assertThat(namespaced.get(leaseRole)).containsExactlyInAnyOrderElementsOf(leaseCalls(LEASE));
    assertThat(namespaced).hasSize(5);
    namespaced.forEach(
        (role, granted) ->
            assertThat(granted)
                .as("%s: leases only in the release namespace's leader-election Role", role)
                .noneMatch(call -> !role.equals(leaseRole) && call.resource().equals("leases")));

    assertThat(grants(render("{replicaCount: 2, leaderElection: {enabled: false}}")))
        .as("turned off with two replicas")
        .containsOnlyKeys("ClusterRole " + RELEASE);
    assertThat(grants(render("{replicaCount: 1, leaderElection: {enabled: true}}")))
        .as("turned on with one replica")
        .hasEntrySatisfying(
            leaseRole,
            granted -> assertThat(granted).containsExactlyInAnyOrderElementsOf(leaseCalls(LEASE)));
  }

  @Test
  void leaderElectionIsOnWithMoreThanOneReplicaAndTheOperatorIsToldWhichLease() {
    List<HasMetadata> objects = render("replicaCount: 2");

    Deployment deployment = single(objects, Deployment.class);
    assertThat(deployment.getSpec().getStrategy())
        .as("the Lease keeps replicas apart: upgrades roll")
        .isNull();
    assertThat(operatorContainer(objects).getArgs())
        .containsSubsequence("--leader-election", "--lease-name", LEASE);
    Map<String, EnvVar> env =
        operatorContainer(objects).getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .as("the Lease namespace the operator defaults to")
        .isEqualTo("metadata.namespace");
    RoleBinding binding =
        ofKind(objects, RoleBinding.class).stream()
            .filter(b -> b.getMetadata().getName().equals(RELEASE + "-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE + "-leader-election");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(RELEASE);
              assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
            });
  }

  @Test
  void leaderElectionCanBeTurnedOffForTwoReplicasAndOnForOne() {
    List<HasMetadata> off = render("{replicaCount: 2, leaderElection: {enabled: false}}");
    assertThat(operatorContainer(off).getArgs())
        .doesNotContain("--leader-election", "--lease-name");
    assertThat(ofKind(off, Role.class)).isEmpty();

    List<HasMetadata> on =
        render("{replicaCount: 1, leaderElection: {enabled: true, leaseName: spark-remediation}}");
    assertThat(operatorContainer(on).getArgs())
        .containsSubsequence("--leader-election", "--lease-name", "spark-remediation");
    assertThat(single(on, Deployment.class).getSpec().getStrategy())
        .as("one replica with a Lease may roll: the new pod waits for the Lease")
        .isNull();
    assertThat(grants(on).get("Role " + RELEASE_NAMESPACE + "/" + RELEASE + "-leader-election"))
        .containsExactlyInAnyOrderElementsOf(leaseCalls("spark-remediation"));
  }

  /**
   * The mock API server enforces no RBAC, so run real leader election against it and record the
   * calls it makes on leases: every one must be granted by the chart's lease rules, and so must the
   * verbs JOSDK checks for before it starts.
   */
  @Test
  void leaseRulesGrantWhatLeaderElectionChecksAndDoes() throws Exception {
    List<ApiCall> granted =
        grants(render("replicaCount: 2"))
            .get("Role " + RELEASE_NAMESPACE + "/" + RELEASE + "-leader-election");
    Set<ApiCall> observed = ConcurrentHashMap.newKeySet();
    CountDownLatch renewed = new CountDownLatch(1);
    Interceptor leaseCalls =
        new Interceptor() {
          @Override
          public void after(
              HttpRequest request,
              HttpResponse<?> response,
              AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            String path = request.uri().getPath();
            String prefix =
                "/apis/coordination.k8s.io/v1/namespaces/" + RELEASE_NAMESPACE + "/leases";
            if (path.startsWith(prefix)) {
              String name =
                  path.length() > prefix.length() ? path.substring(prefix.length() + 1) : "";
              String verb = RBAC_VERBS.get(request.method());
              observed.add(new ApiCall("coordination.k8s.io", "leases", verb, name));
              if (verb.equals("patch") && response.isSuccessful()) {
                renewed.countDown();
              }
            }
          }
        };
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient client =
            api.createClient(
                b ->
                    b.withHttpClientBuilderConsumer(
                        h -> h.addOrReplaceInterceptor("lease-calls", leaseCalls)))) {
      api.createNamespace(RELEASE_NAMESPACE);
      api.createNamespace("team-a");
      SparkmedicOperator operator =
          new SparkmedicOperator(
              client,
              new SparkmedicOperator.Options(Set.of("team-a"), -1, "chart-test")
                  .withLeaderElection(
                      new SparkmedicOperator.LeaderElection(
                          LEASE,
                          RELEASE_NAMESPACE,
                          "chart-test",
                          Duration.ofSeconds(15),
                          Duration.ofSeconds(10),
                          Duration.ofMillis(200),
                          false)),
              Clock.systemUTC());
      try {
        operator.start();
        assertThat(renewed.await(60, TimeUnit.SECONDS))
            .as("the Lease was renewed: %s", observed)
            .isTrue();
      } finally {
        operator.close();
      }
    }

    assertThat(observed)
        .as("lease calls of a leader that acquired and renewed its Lease")
        .contains(
            new ApiCall("coordination.k8s.io", "leases", "create", ""),
            new ApiCall("coordination.k8s.io", "leases", "patch", LEASE));
    assertThat(granted).containsAll(observed);
    assertThat(granted)
        .filteredOn(call -> call.resourceName().isEmpty() || call.resourceName().equals(LEASE))
        .extracting(ApiCall::verb)
        .containsAll(JOSDK_CHECKED_LEASE_VERBS);
  }

  private static final Map<String, String> RBAC_VERBS =
      Map.of("GET", "get", "POST", "create", "PUT", "update", "PATCH", "patch", "DELETE", "delete");

  @Test
  void deploymentArgsAreOnesSparkmedicRunAccepts() {
    List<HasMetadata> objects =
        render(
            """
            replicaCount: 2
            watchNamespaces: [team-a, team-b]
            logFormat: json
            capacityTypeLabels: [node.example.com/lifecycle, cloud.example.com/preemptible]
            """);
    List<String> args = operatorContainer(objects).getArgs();
    assertThat(args.get(0)).isEqualTo("run");

    CommandLine.ParseResult parsed =
        new CommandLine(new RunCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .parseArgs(args.subList(1, args.size()).toArray(String[]::new));

    assertThat(parsed.unmatched()).isEmpty();
    assertThat(parsed.<String>matchedOptionValue("--namespaces", null)).isEqualTo("team-a,team-b");
    assertThat(parsed.<Integer>matchedOptionValue("--health-port", null)).isEqualTo(8080);
    assertThat(parsed.<Object>matchedOptionValue("--log-format", null)).hasToString("json");
    assertThat(parsed.<String>matchedOptionValue("--capacity-type-labels", null))
        .isEqualTo("node.example.com/lifecycle,cloud.example.com/preemptible");
    assertThat(parsed.<Boolean>matchedOptionValue("--leader-election", null)).isTrue();
    assertThat(parsed.<String>matchedOptionValue("--lease-name", null)).isEqualTo(LEASE);
  }

  @Test
  void serviceMonitorScrapesMetricsOnTheHttpMetricsPortOnlyWhenEnabled() {
    assertThat(documents("{}")).noneMatch(d -> d.path("kind").asText().equals("ServiceMonitor"));

    List<JsonNode> documents =
        documents(
            """
            serviceMonitor:
              enabled: true
              interval: 15s
              scrapeTimeout: 10s
              labels:
                release: kube-prometheus-stack
            """);

    JsonNode monitor = singleDocument(documents, "ServiceMonitor");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/namespace").asText()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    Service service = single(parse(documents), Service.class);
    assertThat(service.getMetadata().getLabels())
        .as("the ServiceMonitor selects the Service")
        .containsAllEntriesOf(
            YAML.convertValue(monitor.at("/spec/selector/matchLabels"), STRING_MAP));
    assertThat(monitor.at("/spec/namespaceSelector/matchNames"))
        .extracting(JsonNode::asText)
        .containsExactly(RELEASE_NAMESPACE);
    JsonNode endpoint = single(list(monitor.at("/spec/endpoints")));
    assertThat(endpoint.path("port").asText())
        .isEqualTo("http-metrics")
        .isEqualTo(single(service.getSpec().getPorts()).getName());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    assertThat(endpoint.path("scrapeTimeout").asText()).isEqualTo("10s");
    assertThat(endpoint.path("honorLabels").asBoolean())
        .as("keep the metrics' own namespace label, the SparkApplication's")
        .isTrue();
  }

  @Test
  void podDisruptionBudgetKeepsAStandbyWithReplicasAndNeverBlocksDrainsOfOne() {
    assertThat(ofKind(render("replicaCount: 2"), PodDisruptionBudget.class)).isEmpty();

    List<HasMetadata> replicated =
        render("{replicaCount: 2, podDisruptionBudget: {enabled: true}}");
    PodDisruptionBudget pdb = single(replicated, PodDisruptionBudget.class);
    assertThat(pdb.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(single(replicated, Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();

    PodDisruptionBudget single =
        single(render("podDisruptionBudget: {enabled: true}"), PodDisruptionBudget.class);
    assertThat(single.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(single.getSpec().getMinAvailable()).isNull();

    PodDisruptionBudget explicit =
        single(
            render("podDisruptionBudget: {enabled: true, maxUnavailable: 0}"),
            PodDisruptionBudget.class);
    assertThat(explicit.getSpec().getMaxUnavailable().getIntVal()).isZero();
    PodDisruptionBudget percent =
        single(
            render("{replicaCount: 4, podDisruptionBudget: {enabled: true, minAvailable: 50%}}"),
            PodDisruptionBudget.class);
    assertThat(percent.getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
  }

  @Test
  void grafanaDashboardIsAConfigMapForTheSidecarOnlyWhenEnabled() throws IOException {
    assertThat(ofKind(render("{}"), ConfigMap.class)).isEmpty();

    List<HasMetadata> objects =
        render(
            """
            grafanaDashboard:
              enabled: true
              namespace: monitoring
              labels:
                team: platform
              annotations:
                grafana_folder: Spark
            """);

    ConfigMap dashboard = single(objects, ConfigMap.class);
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "1")
        .containsEntry("team", "platform")
        .containsEntry("app.kubernetes.io/instance", RELEASE);
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Spark");
    assertThat(dashboard.getData()).containsOnlyKeys("sparkmedic.json");
    assertThat(JSON.readTree(dashboard.getData().get("sparkmedic.json")))
        .as("the ConfigMap holds the dashboard shipped in the chart")
        .isEqualTo(JSON.readTree(CHART.resolve("dashboards/sparkmedic.json").toFile()));
  }

  @Test
  void everyDashboardQueryReadsMetricsTheOperatorExposes() throws IOException {
    JsonNode dashboard = JSON.readTree(CHART.resolve("dashboards/sparkmedic.json").toFile());
    Set<String> exposed = exposedMetricNames();
    List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    assertThat(expressions).hasSizeGreaterThan(10);

    for (String expr : expressions) {
      List<String> metrics = metricNamesIn(expr);
      assertThat(metrics).as("metrics in %s", expr).isNotEmpty();
      assertThat(exposed).as("metrics in %s", expr).containsAll(metrics);
    }
    List<String> queried = expressions.stream().flatMap(e -> metricNamesIn(e).stream()).toList();
    assertThat(queried)
        .as("a panel for each of Sparkmedic's metrics, reconciles and the heap")
        .contains(
            "sparkmedic_failures_total",
            "sparkmedic_remediations_total",
            "sparkmedic_retries_succeeded_total",
            "sparkmedic_caps_hit_total",
            "sparkmedic_reaction_seconds_bucket",
            "sparkmedic_eventlog_analysis_seconds_bucket",
            "sparkmedic_eventlog_bytes_sum",
            "sparkmedic_api_requests_total",
            "operator_sdk_reconciliations_started_total",
            "operator_sdk_reconciliations_failed_total",
            "jvm_memory_used_bytes");
    assertThat(dashboard.findValues("datasource"))
        .as("every panel and query reads the dashboard's data source variable")
        .allSatisfy(
            ds -> {
              if (!ds.path("type").asText().equals("grafana")) {
                assertThat(ds.path("uid").asText()).isEqualTo("${datasource}");
              }
            });
  }

  /** Names in a PromQL expression that are metrics: Sparkmedic's, JOSDK's, the JVM's. */
  private static List<String> metricNamesIn(String expr) {
    return Pattern.compile("\\b(sparkmedic_|operator_sdk_|jvm_|process_)[a-zA-Z0-9_:]*")
        .matcher(expr)
        .results()
        .map(MatchResult::group)
        .toList();
  }

  /**
   * Meters that appear only once the operator runs: JOSDK's, as its {@code MicrometerMetrics}
   * (5.2.x, without per-resource meters) names them once a controller reconciles
   * (ProductionReadinessE2eTest sees them on a running operator's /metrics), and Micrometer's GC
   * pauses, after the first collection.
   */
  static final Set<String> METRICS_OF_A_RUNNING_OPERATOR =
      Set.of(
          "operator_sdk_reconciliations_started_total",
          "operator_sdk_reconciliations_success_total",
          "operator_sdk_reconciliations_failed_total",
          "operator_sdk_controllers_execution_reconcile_success_total",
          "operator_sdk_controllers_execution_reconcile_failure_total",
          "operator_sdk_controllers_execution_reconcile_seconds_bucket",
          "operator_sdk_controllers_execution_reconcile_seconds_count",
          "operator_sdk_controllers_execution_reconcile_seconds_sum",
          "operator_sdk_controllers_execution_reconcile_seconds_max",
          "operator_sdk_events_received_total",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_pause_seconds_max");

  /**
   * Every metric name a running operator exposes: Sparkmedic's meters, each recorded once through
   * the code the operator runs and scraped as Prometheus would (with the JVM's), and those of
   * {@link #METRICS_OF_A_RUNNING_OPERATOR}.
   */
  private static Set<String> exposedMetricNames() {
    SparkmedicMetrics metrics = new SparkmedicMetrics();
    metrics.failure("team-a", "EXECUTOR_CONTAINER_OOM");
    metrics.remediation("team-a", "EXECUTOR_CONTAINER_OOM", "Resubmit", "Succeeded");
    metrics.capHit("team-a", "EXECUTOR_CONTAINER_OOM");
    metrics.reaction("team-a", Duration.ofMillis(300));
    metrics.eventLogAnalysis(Duration.ofMillis(40), 4_000_000);
    metrics.apiRequest("patch", 200);
    Set<String> names =
        metrics
            .scrape()
            .lines()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(line -> line.split("[{ ]", 2)[0])
            .collect(Collectors.toCollection(HashSet::new));
    names.addAll(METRICS_OF_A_RUNNING_OPERATOR);
    return names;
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
        List<String> names =
            rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                ? List.of("")
                : rule.getResourceNames();
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              for (String name : names) {
                granted.add(new ApiCall(group, resource, verb, name));
              }
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
  void valuesSchemaRejectsABadLogFormat() {
    assertThatThrownBy(() -> render("logFormat: yaml"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("logFormat");
  }

  @Test
  void valuesSchemaRejectsBadLeaderElectionMonitoringAndDisruptionSettings() {
    assertThatThrownBy(() -> render("leaderElection: {enabled: \"yes\"}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leaderElection.enabled");
    assertThatThrownBy(() -> render("capacityTypeLabels: [\"spot or not\"]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("capacityTypeLabels");
    assertThatThrownBy(() -> render("serviceMonitor: {enabled: true, interval: 30}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serviceMonitor.interval");
    assertThatThrownBy(
            () ->
                render("podDisruptionBudget: {enabled: true, minAvailable: 1, maxUnavailable: 0}"))
        .as("a PodDisruptionBudget takes one of the two")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("podDisruptionBudget");
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
            logFormat: json
            capacityTypeLabels: [node.example.com/lifecycle]
            healthPort: 9090
            serviceAccount:
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/sparkmedic
            podLabels:
              team: platform
            nodeSelector:
              karpenter.sh/capacity-type: on-demand
            eventLogs:
              location: s3a://platform-logs/spark-events/
              s3Region: us-east-1
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
    assertThat(container.getArgs())
        .containsExactly(
            "run",
            "--health-port",
            "9090",
            "--log-format",
            "json",
            "--capacity-type-labels",
            "node.example.com/lifecycle",
            "--leader-election",
            "--lease-name",
            LEASE);
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("SPARKMEDIC_LOG_LEVEL");
              assertThat(env.getValue()).isEqualTo("debug");
            });
    assertThat(container.getEnv())
        .extracting(env -> env.getName() + "=" + env.getValue())
        .contains(
            "SPARKMEDIC_EVENT_LOG_LOCATION=s3a://platform-logs/spark-events/",
            "SPARKMEDIC_S3_REGION=us-east-1")
        .noneMatch(env -> env.startsWith("SPARKMEDIC_S3_ENDPOINT"));
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

  /** The rendered documents as JSON trees, for kinds fabric8 has no model of (ServiceMonitor). */
  private List<JsonNode> documents(String valuesYaml) {
    return splitDocuments(template().withValuesFile(valuesFile(valuesYaml)).call());
  }

  private static List<JsonNode> splitDocuments(String manifests) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(manifests)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject() && document.has("kind")) {
          out.add(document);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("helm template rendered invalid YAML:\n" + manifests, e);
    }
    return out;
  }

  private static List<HasMetadata> parse(List<JsonNode> documents) {
    return documents.stream()
        .map(document -> SERIALIZATION.convertValue(document, HasMetadata.class))
        .toList();
  }

  private static JsonNode singleDocument(List<JsonNode> documents, String kind) {
    return single(documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList());
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  /**
   * Copies the chart to {@code target} with these values merged over its defaults, for commands
   * (lint) that read only the chart's own values.yaml.
   */
  private static void copyChartWithValues(Path target, String overrides) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    JsonNode defaults = YAML.readTree(CHART.resolve("values.yaml").toFile());
    merge((ObjectNode) defaults, YAML.readTree(overrides));
    YAML.writeValue(target.resolve("values.yaml").toFile(), defaults);
  }

  private static void merge(ObjectNode into, JsonNode from) {
    from.fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = into.get(field.getKey());
              if (existing instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
              } else {
                into.set(field.getKey(), field.getValue());
              }
            });
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
