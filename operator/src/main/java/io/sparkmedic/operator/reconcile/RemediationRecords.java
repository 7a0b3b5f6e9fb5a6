package io.sparkmedic.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.plan.RemediationPlan;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.plan.SpecChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes {@link SparkRemediation} records: one per failed run, named after the run so that two
 * attempts to decide about the same failure (a restart, a second replica) meet at the same name and
 * the API server lets only one of them create it.
 */
public final class RemediationRecords {

  private final KubernetesClient client;
  private final Clock clock;

  public RemediationRecords(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The record name for the application's current run: {@code <app>-<hash of uid and run>}. */
  public static String nameFor(SparkApplication app) {
    String run =
        app.getMetadata().getUid()
            + "/"
            + (app.getStatus() == null ? "" : app.getStatus().getSubmissionId());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8));
      String base = app.getMetadata().getName();
      if (base.length() > 200) {
        base = base.substring(0, 200);
      }
      return base + "-" + HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The record of a decision, not yet written. */
  public SparkRemediation build(
      SparkApplication app,
      String lineage,
      int attempt,
      RemediationPolicy policy,
      SparkRemediationSpec.Action action,
      java.time.Duration backoff,
      DiagnosisReport report,
      RemediationPlan plan) {
    String policyName = policy.name();
    SparkRemediationSpec spec = new SparkRemediationSpec();
    SparkRemediationSpec.ApplicationRef ref = new SparkRemediationSpec.ApplicationRef();
    ref.setName(app.getMetadata().getName());
    ref.setUid(app.getMetadata().getUid());
    if (app.getStatus() != null) {
      ref.setSubmissionID(app.getStatus().getSubmissionId());
      if (app.getStatus().getApplicationState() != null) {
        ref.setErrorMessage(app.getStatus().getApplicationState().getErrorMessage());
      }
    }
    spec.setApplication(ref);
    spec.setAttempt(attempt);
    spec.setPolicy(policyName);
    spec.setAction(action);
    spec.setDecision(decisionName(plan.decision()));
    spec.setDiagnosis(record(report.primary(), report.retryable()));
    spec.setOtherDiagnoses(report.others().stream().map(d -> record(d, d.retryable())).toList());
    spec.setChanges(plan.changes().stream().map(RemediationRecords::change).toList());
    spec.setReason(plan.reason());
    spec.setAdvice(plan.advice());
    if (plan.resubmits()) {
      spec.setStrategy(
          policy.strategy() == RemediationPolicy.Strategy.NEW_APPLICATION
              ? "NewApplication"
              : "InPlace");
      spec.setBackoffSeconds((int) backoff.toSeconds());
    }

    SparkRemediation remediation = new SparkRemediation();
    remediation.setMetadata(
        new ObjectMetaBuilder()
            .withName(nameFor(app))
            .withNamespace(app.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    Sparkmedic.APPLICATION_LABEL, labelValue(app.getMetadata().getName()),
                    Sparkmedic.APPLICATION_UID_LABEL, app.getMetadata().getUid(),
                    Sparkmedic.LINEAGE_LABEL, lineage,
                    Sparkmedic.POLICY_LABEL, labelValue(policyName)))
            // Garbage-collected with its application.
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(app.getApiVersion())
                    .withKind(app.getKind())
                    .withName(app.getMetadata().getName())
                    .withUid(app.getMetadata().getUid())
                    .withBlockOwnerDeletion(false)
                    .withController(false)
                    .build())
            .build());
    remediation.setSpec(spec);
    return remediation;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Deletes a record (history pruning); a record already gone is fine. */
  public void delete(SparkRemediation remediation) {
    client
        .resources(SparkRemediation.class)
        .inNamespace(remediation.getMetadata().getNamespace())
        .withName(remediation.getMetadata().getName())
        .delete();
  }

  /** Creates the record; fails with 409 when the same run was already decided. */
  public SparkRemediation create(SparkRemediation remediation) {
    return client.resource(remediation).create();
  }

  /** Sets the outcome and message, stamping the time fields the outcome implies. */
  public SparkRemediation setOutcome(
      SparkRemediation remediation, Outcome outcome, String message) {
    return editStatus(
        remediation,
        s -> {
          s.setOutcome(outcome);
          s.setMessage(message);
          String now = now();
          if (outcome == Outcome.Resubmitted && s.getAppliedAt() == null) {
            s.setAppliedAt(now);
          }
          if (outcome.isFinal() && s.getFinishedAt() == null) {
            s.setFinishedAt(now);
          }
        });
  }

  /**
   * Changes the record's status with one merge patch of the status subresource, computed from the
   * record as last written — no read first. Only Sparkmedic's leader writes a record's status, and
   * each change only sets fields, so the record in hand is the record on the server.
   */
  public SparkRemediation editStatus(
      SparkRemediation remediation, Consumer<SparkRemediationStatus> change) {
    SparkRemediationStatus status =
        remediation.getStatus() == null
            ? new SparkRemediationStatus()
            : Serialization.clone(remediation.getStatus());
    change.accept(status);
    return client
        .resources(SparkRemediation.class)
        .inNamespace(remediation.getMetadata().getNamespace())
        .withName(remediation.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The plan's decision as records spell it: {@code CAP_REACHED} → {@code CapReached}. */
  public static String decisionName(RemediationPlan.Decision decision) {
    StringBuilder out = new StringBuilder();
    for (String part : decision.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }

  /** Label values are at most 63 characters. */
  static String labelValue(String name) {
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  private static SparkRemediationSpec.DiagnosisRecord record(Diagnosis d, boolean retryable) {
    SparkRemediationSpec.DiagnosisRecord r = new SparkRemediationSpec.DiagnosisRecord();
    r.setCategory(d.category().name());
    r.setConfidence(d.confidence().name());
    r.setRetryable(retryable);
    r.setSummary(d.summary());
    r.setEvidence(d.evidence());
    return r;
  }

  private static SparkRemediationSpec.Change change(SpecChange c) {
    SparkRemediationSpec.Change r = new SparkRemediationSpec.Change();
    r.setPath(c.path().toString());
    r.setFrom(c.from());
    r.setTo(c.to());
    r.setReason(c.reason());
    r.setFormat(c.json() ? "Json" : "String");
    return r;
  }
}
