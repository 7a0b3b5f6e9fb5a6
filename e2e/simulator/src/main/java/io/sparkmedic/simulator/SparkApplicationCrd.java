package io.sparkmedic.simulator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.sparkmedic.crds.spark.SparkApplication;

/**
 * The {@code sparkapplications.sparkoperator.k8s.io} CRD as the Kubeflow Spark operator installs it
 * (research: spark-operators.md §1): only version {@code v1beta2} (served and stored), namespaced,
 * short name {@code sparkapp}, with a status subresource. Unlike upstream, the schema does not type
 * the fields: {@code spec} and {@code status} are objects that keep unknown fields, which is all
 * the simulator and a mock API server need.
 */
public final class SparkApplicationCrd {

  public static final String PLURAL = "sparkapplications";
  public static final String NAME = PLURAL + "." + SparkApplication.GROUP;

  private SparkApplicationCrd() {}

  /** A fresh copy of the CRD, ready to create. */
  public static CustomResourceDefinition definition() {
    JSONSchemaProps schema =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("apiVersion", typed("string"))
            .addToProperties("kind", typed("string"))
            .addToProperties("metadata", typed("object"))
            .addToProperties("spec", openObject())
            .addToProperties("status", openObject())
            .addToRequired("metadata", "spec")
            .build();
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(NAME)
        .addToLabels("app.kubernetes.io/managed-by", "sparkmedic-simulator")
        .endMetadata()
        .withNewSpec()
        .withGroup(SparkApplication.GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("SparkApplication")
        .withListKind("SparkApplicationList")
        .withPlural(PLURAL)
        .withSingular("sparkapplication")
        .withShortNames("sparkapp")
        .endNames()
        .addNewVersion()
        .withName(SparkApplication.VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(schema)
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .addNewAdditionalPrinterColumn()
        .withName("Status")
        .withType("string")
        .withJsonPath(".status.applicationState.state")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("Attempts")
        .withType("integer")
        .withJsonPath(".status.submissionAttempts")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("Age")
        .withType("date")
        .withJsonPath(".metadata.creationTimestamp")
        .endAdditionalPrinterColumn()
        .endVersion()
        .endSpec()
        .build();
  }

  private static JSONSchemaProps typed(String type) {
    return new JSONSchemaPropsBuilder().withType(type).build();
  }

  /** An object whose fields the API server keeps without checking them. */
  private static JSONSchemaProps openObject() {
    return new JSONSchemaPropsBuilder()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .build();
  }
}
