package io.sparkmedic.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.SparkRemediationSpec.Action;
import io.sparkmedic.crds.v1alpha1.SparkRemediationStatus.Outcome;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.events.EventRecorder;
import io.sparkmedic.operator.events.EventRecorder.Reason;
import io.sparkmedic.operator.observe.ApplicationSettings;
import io.sparkmedic.operator.observe.NodeCache;
import io.sparkmedic.operator.observe.SignalCollector;
import io.sparkmedic.operator.observe.SparkPodEventSource;
import io.sparkmedic.operator.observe.TerminationLedger;
import io.sparkmedic.operator.policy.PolicySelector;
import io.sparkmedic.operator.policy.PolicyTranslator;
import io.sparkmedic.remediation.diagnosis.Diagnoser;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.plan.Planner;
import io.sparkmedic.remediation.plan.RemediationPlan;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles Kubeflow {@code SparkApplication}s: follows up on earlier remediations, and when the
 * current run has failed, decides once — diagnose, plan under the selecting policy, record — then
 * acts. Applications no {@link TuningPolicy} selects are only read, never touched.
 *
 * <p>Status changes of a {@code SparkApplication} do not bump its generation, so generation-aware
 * filtering is off: a run failing is exactly the event this reconciler exists for. No finalizer is
 * added to users' applications.
 */
@ControllerConfiguration(
    name = SparkApplicationReconciler.NAME,
    generationAwareEventProcessing = false)
public class SparkApplicationReconciler implements Reconciler<SparkApplication> {

  public static final String NAME = "sparkapplication";

  private static final Logger LOG = LoggerFactory.getLogger(SparkApplicationReconciler.class);

  private final TerminationLedger ledger;
  private final NodeCache nodes;
  private final SignalCollector signals;
  private final RemediationRecords records;
  private final PlanApplier applier;
  private final EventRecorder events;
  private final Diagnoser diagnoser = new Diagnoser();
  private final Planner planner = new Planner();

  private InformerEventSource<SparkRemediation, SparkApplication> remediationSource;
  private InformerEventSource<TuningPolicy, SparkApplication> policySource;

  public SparkApplicationReconciler(
      TerminationLedger ledger,
      NodeCache nodes,
      SignalCollector signals,
      RemediationRecords records,
      PlanApplier applier,
      EventRecorder events) {
    this.ledger = ledger;
    this.nodes = nodes;
    this.signals = signals;
    this.records = records;
    this.applier = applier;
    this.events = events;
  }

  @Override
  public List<EventSource<?, SparkApplication>> prepareEventSources(
      EventSourceContext<SparkApplication> context) {
    remediationSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(SparkRemediation.class, SparkApplication.class)
                .withName("remediations")
                .withSecondaryToPrimaryMapper(SparkApplicationReconciler::applicationOf)
                .withNamespacesInheritedFromController()
                .build(),
            context);
    // Policies are read from this cache when a run fails; a policy change itself starts nothing.
    policySource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TuningPolicy.class, SparkApplication.class)
                .withName("policies")
                .withSecondaryToPrimaryMapper(policy -> Set.of())
                .withNamespacesInheritedFromController()
                .build(),
            context);
    return List.of(
        new SparkPodEventSource(context, ledger, nodes), remediationSource, policySource);
  }

  /** A record names its application in a label (the name; the uid label tells namesakes apart). */
  private static Set<ResourceID> applicationOf(SparkRemediation remediation) {
    String app =
        remediation.getMetadata().getLabels() == null
            ? null
            : remediation.getMetadata().getLabels().get(Sparkmedic.APPLICATION_LABEL);
    return app == null
        ? Set.of()
        : Set.of(new ResourceID(app, remediation.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<SparkApplication> reconcile(
      SparkApplication app, Context<SparkApplication> context) {
    if (app.getStatus() == null) {
      return UpdateControl.noUpdate();
    }
    List<SparkRemediation> history = history(app, context);
    List<SparkRemediation> updated = new ArrayList<>();
    for (SparkRemediation remediation : history) {
      updated.add(followUp(app, remediation));
    }
    String state = app.getStatus().state();
    if (ApplicationStates.FAILED.equals(state)) {
      decide(app, updated, context);
    } else if (ApplicationStates.COMPLETED.equals(state)
        && updated.stream().noneMatch(SparkApplicationReconciler::inFlight)) {
      ledger.forget(app.getMetadata().getNamespace(), app.getMetadata().getName());
    }
    return UpdateControl.noUpdate();
  }

  /** This application's records (same uid: a re-created namesake has its own), oldest first. */
  private List<SparkRemediation> history(SparkApplication app, Context<SparkApplication> context) {
    String uid = app.getMetadata().getUid();
    return context.getSecondaryResources(SparkRemediation.class).stream()
        .filter(
            r ->
                r.getMetadata().getLabels() != null
                    && Objects.equals(
                        uid, r.getMetadata().getLabels().get(Sparkmedic.APPLICATION_UID_LABEL)))
        .sorted(
            Comparator.comparing(
                (SparkRemediation r) -> r.getSpec() == null ? 0 : r.getSpec().getAttempt()))
        .toList();
  }

  private static Outcome outcome(SparkRemediation r) {
    return r.getStatus() == null || r.getStatus().getOutcome() == null
        ? Outcome.Pending
        : r.getStatus().getOutcome();
  }

  private static boolean inFlight(SparkRemediation r) {
    return !outcome(r).isFinal();
  }

  /** Moves an earlier record forward: finish acting on it, or record how its retry ended. */
  private SparkRemediation followUp(SparkApplication app, SparkRemediation remediation) {
    Outcome outcome = outcome(remediation);
    if (outcome.isFinal() || remediation.getSpec() == null) {
      return remediation;
    }
    String current = app.getStatus().getSubmissionId();
    boolean sameRun =
        Objects.equals(remediation.getSpec().getApplication().getSubmissionID(), current);
    String state = app.getStatus().state();
    if (outcome == Outcome.Pending) {
      if (remediation.getSpec().getAction() != Action.Resubmit) {
        // Decided, but the operator stopped before writing the outcome.
        return finish(
            app, remediation, finalOutcome(remediation), remediation.getSpec().getReason());
      }
      if (PlanApplier.isApplied(app, remediation)) {
        return remember(
            remediation,
            records.setOutcome(remediation, Outcome.Resubmitted, resubmittedMessage(remediation)));
      }
      if (sameRun && ApplicationStates.FAILED.equals(state)) {
        return act(app, remediation);
      }
      return finish(
          app,
          remediation,
          Outcome.Superseded,
          "The application was changed or resubmitted before Sparkmedic applied its plan.");
    }
    // Resubmitted: wait for the new run, then record how it ended.
    if (sameRun) {
      return remediation;
    }
    if (remediation.getStatus().getRetrySubmissionID() == null && current != null) {
      remediation =
          remember(
              remediation, records.editStatus(remediation, s -> s.setRetrySubmissionID(current)));
    }
    if (ApplicationStates.COMPLETED.equals(state)) {
      return finish(app, remediation, Outcome.Succeeded, "The retry completed.");
    }
    if (ApplicationStates.FAILED.equals(state)) {
      return finish(app, remediation, Outcome.Failed, "The retry failed too.");
    }
    return remediation;
  }

  private void decide(
      SparkApplication app, List<SparkRemediation> history, Context<SparkApplication> context) {
    String submission = app.getStatus().getSubmissionId();
    if (history.stream()
        .anyMatch(
            r -> Objects.equals(r.getSpec().getApplication().getSubmissionID(), submission))) {
      return; // this run was decided already
    }
    String namespace = app.getMetadata().getNamespace();
    List<TuningPolicy> policies = policySource.list(namespace, p -> true).toList();
    Optional<TuningPolicy> selected =
        PolicySelector.select(policies, app.getMetadata().getLabels());
    if (selected.isEmpty()) {
      LOG.debug("{}/{} failed; no TuningPolicy selects it", namespace, app.getMetadata().getName());
      return;
    }
    PolicyTranslator.Result translated = PolicyTranslator.translate(selected.get());
    if (!translated.valid()) {
      LOG.warn(
          "{}/{} failed but policy {} is invalid ({}); nothing done",
          namespace,
          app.getMetadata().getName(),
          selected.get().getMetadata().getName(),
          String.join("; ", translated.errors()));
      return;
    }
    RemediationPolicy policy = translated.policy();
    SparkSettings settings;
    try {
      settings = ApplicationSettings.of(app);
      settings.containerMemory(io.sparkmedic.remediation.signal.SparkRole.EXECUTOR);
      settings.containerMemory(io.sparkmedic.remediation.signal.SparkRole.DRIVER);
    } catch (IllegalArgumentException e) {
      events.record(
          app,
          Reason.NotRemediated,
          "Cannot read the application's memory settings: " + e.getMessage());
      LOG.warn(
          "{}/{}: unreadable memory settings: {}",
          namespace,
          app.getMetadata().getName(),
          e.getMessage());
      return;
    }
    DiagnosisReport report =
        diagnoser.diagnose(
            signals.collect(app, context.getSecondaryResources(Pod.class)), settings);
    RemediationPlan plan =
        planner.plan(report, settings, policy, attemptsSinceLastSuccess(history));
    Action action =
        plan.decision() != RemediationPlan.Decision.RESUBMIT
            ? Action.None
            : policy.mode() == RemediationPolicy.Mode.ADVISE ? Action.Advise : Action.Resubmit;
    SparkRemediation remediation =
        records.build(app, history.size() + 1, policy.name(), action, report, plan);
    LOG.info(
        "{}/{} run {} failed: {} ({}); decision {} by policy {}{}",
        namespace,
        app.getMetadata().getName(),
        submission,
        report.primary().category(),
        report.primary().confidence(),
        remediation.getSpec().getDecision(),
        policy.name(),
        plan.changes().isEmpty()
            ? ""
            : ": "
                + plan.changes().stream()
                    .map(c -> c.path() + " " + c.from() + "→" + c.to())
                    .collect(Collectors.joining(", ")));
    try {
      remediation = rememberCreated(records.create(remediation));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Another reconcile (or replica) recorded this run first: continue from its record.
      return;
    }
    if (action == Action.Resubmit) {
      act(app, remediation);
    } else {
      finish(app, remediation, finalOutcome(remediation), plan.reason());
    }
  }

  private SparkRemediation act(SparkApplication app, SparkRemediation remediation) {
    applier.apply(app, remediation);
    SparkRemediation updated =
        remember(
            remediation,
            records.setOutcome(remediation, Outcome.Resubmitted, resubmittedMessage(remediation)));
    events.record(
        app,
        Reason.Remediated,
        "Resubmitted after "
            + remediation.getSpec().getDiagnosis().getCategory()
            + ": "
            + remediation.getSpec().getChanges().stream()
                .map(
                    c ->
                        c.getPath()
                            + " "
                            + (c.getFrom() == null ? "(default)" : c.getFrom())
                            + "→"
                            + c.getTo())
                .collect(Collectors.joining(", "))
            + " (record "
            + remediation.getMetadata().getName()
            + ")");
    return updated;
  }

  private SparkRemediation finish(
      SparkApplication app, SparkRemediation remediation, Outcome outcome, String message) {
    SparkRemediation updated =
        remember(remediation, records.setOutcome(remediation, outcome, message));
    Reason reason =
        switch (outcome) {
          case Succeeded -> Reason.RetrySucceeded;
          case Failed -> Reason.RetryFailed;
          case Advised -> Reason.RemediationAdvised;
          default -> Reason.NotRemediated;
        };
    events.record(
        app,
        reason,
        outcome
            + " ("
            + remediation.getSpec().getDiagnosis().getCategory()
            + "): "
            + message
            + " (record "
            + remediation.getMetadata().getName()
            + ")");
    return updated;
  }

  private static Outcome finalOutcome(SparkRemediation remediation) {
    if (remediation.getSpec().getAction() == Action.Advise) {
      return Outcome.Advised;
    }
    String decision = remediation.getSpec().getDecision();
    if ("CapReached".equals(decision)) {
      return Outcome.CapReached;
    }
    if ("Exhausted".equals(decision)) {
      return Outcome.Exhausted;
    }
    return Outcome.NotRetryable;
  }

  private static String resubmittedMessage(SparkRemediation remediation) {
    return "Applied "
        + remediation.getSpec().getChanges().size()
        + " change(s); the Spark operator resubmits the application.";
  }

  /**
   * Remediations since the application last succeeded after one: the policy budget counts these.
   */
  private static int attemptsSinceLastSuccess(List<SparkRemediation> history) {
    int count = 0;
    for (SparkRemediation r : history) {
      if (outcome(r) == Outcome.Succeeded) {
        count = 0;
      } else if (r.getSpec().getAction() == Action.Resubmit) {
        count++;
      }
    }
    return count;
  }

  /** Puts a record we just created into the informer cache, so the next reconcile sees it. */
  private SparkRemediation rememberCreated(SparkRemediation created) {
    if (remediationSource != null) {
      remediationSource.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    }
    return created;
  }

  /** Likewise for an update; JOSDK takes it only if the cache still holds {@code before}. */
  private SparkRemediation remember(SparkRemediation before, SparkRemediation after) {
    if (remediationSource != null && after != null) {
      remediationSource.handleRecentResourceUpdate(ResourceID.fromResource(after), after, before);
    }
    return after;
  }
}
