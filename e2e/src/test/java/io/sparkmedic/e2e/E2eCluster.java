package io.sparkmedic.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import java.io.InputStream;
import java.util.UUID;

/**
 * Where the e2e tests run: the embedded API server (default), or the cluster of {@code KUBECONFIG}
 * with {@code -Pcluster}. Each test gets a fresh namespace, so tests never see each other's
 * objects.
 */
final class E2eCluster implements AutoCloseable {

  private final EmbeddedApiServer embedded;
  private final KubernetesClient client;
  private final String namespace;

  E2eCluster() throws Exception {
    if ("cluster".equals(System.getProperty("sparkmedic.e2e.target"))) {
      embedded = null;
      client = new KubernetesClientBuilder().build();
      for (String crd : EmbeddedApiServer.SPARKMEDIC_CRDS) {
        try (InputStream in = E2eCluster.class.getResourceAsStream(crd)) {
          client
              .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
              .serverSideApply();
        }
      }
    } else {
      embedded = EmbeddedApiServer.start();
      client = embedded.client();
    }
    namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  KubernetesClient client() {
    return client;
  }

  /** A further client to the same cluster, built with extra settings; the caller closes it. */
  KubernetesClient clientWith(java.util.function.Consumer<KubernetesClientBuilder> settings) {
    if (embedded != null) {
      return embedded.createClient(settings);
    }
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    settings.accept(builder);
    return builder.build();
  }

  String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    } else {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }
}
