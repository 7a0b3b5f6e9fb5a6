package io.sparkmedic.operator.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.UnaryOperator;

/**
 * An in-process Kubernetes API server (fabric8's mock server in CRUD mode, plus the one canned
 * answer leader election needs) for the demo and the tests, with Sparkmedic's CRDs installed. It
 * stores and watches objects like a real one, but runs no controllers, garbage collection or
 * validation, and does not support server-side apply.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  /** The generated CRDs, as the crds module puts them on the classpath. */
  public static final List<String> SPARKMEDIC_CRDS =
      List.of(
          "/META-INF/fabric8/tuningpolicies.sparkmedic.io-v1.yml",
          "/META-INF/fabric8/sparkremediations.sparkmedic.io-v1.yml");

  /**
   * The mock server logs every request through java.util.logging at INFO. Held in a static field:
   * java.util.logging keeps loggers weakly, and a collected logger forgets its level.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedApiServer(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static EmbeddedApiServer start() {
    return start(UnaryOperator.identity());
  }

  /**
   * A server whose requests pass through {@code front} first: a dispatcher of the caller's that
   * answers some requests itself (or counts them) and hands the rest to the one it is given.
   */
  public static EmbeddedApiServer start(UnaryOperator<Dispatcher> front) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            front.apply(KubeApiEmulation.around(new KubernetesMixedDispatcher(expectations))),
            false);
    server.init();
    // The mock enforces no RBAC: everything is allowed. It cannot store a SelfSubjectRulesReview
    // (no metadata), so answer the one leader election makes, saying what the mock does: allowed.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    KubernetesClient client = server.createClient();
    for (String crd : SPARKMEDIC_CRDS) {
      try (InputStream in = EmbeddedApiServer.class.getResourceAsStream(crd)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + crd + " is missing from the classpath");
        }
        client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new EmbeddedApiServer(server, client);
  }

  public KubernetesClient client() {
    return client;
  }

  /** The mock itself, for tests that set expectations or look at the requests it served. */
  public KubernetesMockServer mockServer() {
    return server;
  }

  /** Another client of this server, built with extra settings (an interceptor, say). */
  public KubernetesClient createClient(
      java.util.function.Consumer<io.fabric8.kubernetes.client.KubernetesClientBuilder> settings) {
    return server.createClient(settings);
  }

  public void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
