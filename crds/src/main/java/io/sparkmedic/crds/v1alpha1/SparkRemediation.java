package io.sparkmedic.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One decision Sparkmedic made about one failed run of a {@code SparkApplication}: what it found,
 * with the evidence, what it changed, and how the retry ended. {@code kubectl get
 * sparkremediations} reads as the history of an application's attempts.
 */
@Group(Sparkmedic.GROUP)
@Version(Sparkmedic.VERSION)
@ShortNames("srem")
@Categories(Sparkmedic.CATEGORY)
@AdditionalPrinterColumn(
    name = "App",
    jsonPath = ".spec.application.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Attempt",
    jsonPath = ".spec.attempt",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Diagnosis",
    jsonPath = ".spec.diagnosis.category",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Action",
    jsonPath = ".spec.action",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Outcome",
    jsonPath = ".status.outcome",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SparkRemediation extends CustomResource<SparkRemediationSpec, SparkRemediationStatus>
    implements Namespaced {}
