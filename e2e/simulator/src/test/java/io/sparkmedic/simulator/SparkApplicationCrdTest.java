package io.sparkmedic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.sparkmedic.crds.spark.SparkApplication;
import org.junit.jupiter.api.Test;

class SparkApplicationCrdTest {

  @Test
  void describesTheKubeflowSparkApplication() {
    CustomResourceDefinition crd = SparkApplicationCrd.definition();

    assertThat(crd.getMetadata().getName()).isEqualTo("sparkapplications.sparkoperator.k8s.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo("sparkoperator.k8s.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("SparkApplication");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("sparkapplications");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("sparkapp");
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1beta2");
    assertThat(version.getServed()).isTrue();
    assertThat(version.getStorage()).isTrue();
    assertThat(version.getSubresources().getStatus()).isNotNull();
    JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
    assertThat(schema.getProperties().get("spec").getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(schema.getProperties().get("status").getXKubernetesPreserveUnknownFields()).isTrue();
  }

  @Test
  void matchesTheModelClass() {
    CustomResourceDefinition crd = SparkApplicationCrd.definition();
    assertThat(crd.getSpec().getGroup()).isEqualTo(SparkApplication.GROUP);
    assertThat(crd.getSpec().getVersions().get(0).getName()).isEqualTo(SparkApplication.VERSION);
    assertThat(crd.getMetadata().getName())
        .isEqualTo(HasMetadata.getPlural(SparkApplication.class) + "." + SparkApplication.GROUP);
  }
}
