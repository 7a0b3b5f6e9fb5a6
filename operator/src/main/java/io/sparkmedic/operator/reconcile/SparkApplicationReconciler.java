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
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.operator.events.EventRecorder;
import io.sparkmedic.operator.events.EventRecorder.Reason;
import io.sparkmedic.operator.metrics.SparkmedicMetrics;
import io.sparkmedic.operator.observe.ApplicationSettings;
import io.sparkmedic.operator.observe.EventLogReader;
import io.sparkmedic.operator.observe.NodeCache;
import io.sparkmedic.operator.observe.SignalCollector;
import io.sparkmedic.operator.observe.SparkPodEventSource;
import io.sparkmedic.operator.observe.TerminationLedger;
import io.sparkmedic.operator.policy.PolicySelector;
import io.sparkmedic.operator.policy.PolicyTranslator;
import io.sparkmedic.remediation.diagnosis.Diagnoser;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.plan.Planner;
import io.sparkmedic.remediation.plan.RemediationHistory;
import io.sparkmedic.remediation.plan.RemediationPlan;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
 * Reconciles Kubeflow {@code SparkApplication}s: moves earlier remediations forward (act after the
 * backoff, check that the Spark operator really restarted, record how the retry ended), and when
 * the current run has failed, decides once — diagnose, plan under the selecting policy, record —
 * then acts. Applications no {@link TuningPolicy} selects are only read, never changed.
 *
 * <p>A record is written before anything is changed and is named after the failed run, so a restart
 * or a second replica that reaches the same failure finds the decision already made. Sparkmedic
 * acts only on {@code FAILED}, the Spark operator's terminal state: its own {@code restartPolicy}
 * retries are over by then, so the two never race.
 *
 * <p>Status changes of a {@code SparkApplication} do not bump its generation, so generation-aware
 * filtering is off. No finalizer is added to users' applications.
 */
@ControllerConfiguration(
    name = SparkApplicationReconciler.NAME,
    generationAwareEventProcessing = false)
public class SparkApplicationReconciler implements Reconciler<SparkApplication> {

  public static final String NAME = "sparkapplication";

  /** Records kept per job; older ones that are final are deleted. */
  public static final int MAX_RECORDS_PER_JOB = 20;

  /** When a policy cannot be read: how long to wait for the Spark operator to restart. */
  static final Duration DEFAULT_RESTART_DEADLINE = Duration.ofSeconds(120);

  private static final Logger LOG = LoggerFactory.getLogger(SparkApplicationReconciler.class);

  private final TerminationLedger ledger;
  private final NodeCache nodes;
  private final SignalCollector signals;
  private final RemediationRecords records;
  private final PlanApplier applier;
  private final EventRecorder events;
  private final Clock clock;
  private final SparkmedicMetrics metrics;
  private final EventLogReader eventLogs;
  private final Diagnoser diagnoser = new Diagnoser();
  private final Planner planner = new Planner();

  /** Failed runs already reported as not selected or under an invalid policy: one Event each. */
  private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private InformerEventSource<SparkRemediation, SparkApplication> remediationSource;
  private InformerEventSource<TuningPolicy, SparkApplication> policySource;

  public SparkApplicationReconciler(
      TerminationLedger ledger,
      NodeCache nodes,
      SignalCollector signals,
      RemediationRecords records,
      PlanApplier applier,
      EventRecorder events,
      Clock clock,
      SparkmedicMetrics metrics,
      EventLogReader eventLogs) {
    this.ledger = ledger;
    this.nodes = nodes;
    this.signals = signals;
    this.records = records;
    this.applier = applier;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
    this.eventLogs = eventLogs;
  }

  @Override
  public List<EventSource<?, SparkApplication>> prepareEventSources(
      EventSourceContext<SparkApplication> context) {
    remediationSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(SparkRemediation.class, SparkApplication.class)
                .withName("remediations")
                .withSecondaryToPrimaryMapper(SparkApplicationReconciler::applicationsOf)
                .withNamespacesInheritedFromController()
                .withInformerListLimit(SparkmedicOperator.LIST_PAGE)
                .build(),
            context);
    // Policies are read from this cache when a run fails; a policy change itself starts nothing.
    policySource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TuningPolicy.class, SparkApplication.class)
                .withName("policies")
                .withSecondaryToPrimaryMapper(policy -> Set.of())
                .withNamespacesInheritedFromController()
                .withInformerListLimit(SparkmedicOperator.LIST_PAGE)
                .build(),
            context);
    List<EventSource<?, SparkApplication>> sources =
        new ArrayList<>(SparkPodEventSource.forControllerNamespaces(context, ledger, nodes));
    sources.add(remediationSource);
    sources.add(policySource);
    return sources;
  }

  /** A record concerns its application, and the retry application it created, if any. */
  private static Set<ResourceID> applicationsOf(SparkRemediation remediation) {
    String ns = remediation.getMetadata().getNamespace();
    String app =
        remediation.getMetadata().getLabels() == null
            ? null
            : remediation.getMetadata().getLabels().get(Sparkmedic.APPLICATION_LABEL);
    String retry =
        remediation.getStatus() == null ? null : remediation.getStatus().getRetryApplication();
    if (app == null) {
      return Set.of();
    }
    return retry == null
        ? Set.of(new ResourceID(app, ns))
        : Set.of(new ResourceID(app, ns), new ResourceID(retry, ns));
  }

  @Override
  public UpdateControl<SparkApplication> reconcile(
      SparkApplication app, Context<SparkApplication> context) {
    if (app.getStatus() == null) {
      return UpdateControl.noUpdate();
    }
    String lineage = lineageOf(app);
    List<SparkRemediation> history =
        new ArrayList<>(history(app.getMetadata().getNamespace(), lineage));
    Optional<Duration> again = Optional.empty();
    for (int i = 0; i < history.size(); i++) {
      SparkRemediation r = history.get(i);
      Step step = followUp(app, r);
      history.set(i, step.record());
      again = earliest(again, step.again());
    }
    String state = app.getStatus().state();
    if (ApplicationStates.FAILED.equals(state)) {
      again = earliest(again, decide(app, lineage, history, context));
    } else if (ApplicationStates.COMPLETED.equals(state)
        && history.stream().noneMatch(SparkApplicationReconciler::inFlight)) {
      ledger.forget(app.getMetadata().getNamespace(), app.getMetadata().getName());
    }
    prune(history);
    UpdateControl<SparkApplication> control = UpdateControl.noUpdate();
    return again.map(d -> control.rescheduleAfter(Math.max(200, d.toMillis()))).orElse(control);
  }

  /**
   * The job an application belongs to: its own uid, or the original's for a retry Sparkmedic
   * created.
   */
  static String lineageOf(SparkApplication app) {
    String label =
        app.getMetadata().getLabels() == null
            ? null
            : app.getMetadata().getLabels().get(Sparkmedic.LINEAGE_LABEL);
    return label != null ? label : app.getMetadata().getUid();
  }

  /** The job's records, oldest first. */
  private List<SparkRemediation> history(String namespace, String lineage) {
    return remediationSource
        .list(
            namespace,
            r ->
                r.getSpec() != null
                    && r.getMetadata().getLabels() != null
                    && lineage.equals(r.getMetadata().getLabels().get(Sparkmedic.LINEAGE_LABEL)))
        .sorted(
            Comparator.comparing((SparkRemediation r) -> r.getSpec().getAttempt())
                .thenComparing(r -> r.getMetadata().getName()))
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

  /** A record after a step, and when to look again. */
  private record Step(SparkRemediation record, Optional<Duration> again) {
    static Step done(SparkRemediation r) {
      return new Step(r, Optional.empty());
    }
  }

  /** Moves an earlier record forward, as far as this application's state allows. */
  private Step followUp(SparkApplication app, SparkRemediation r) {
    Outcome outcome = outcome(r);
    if (outcome.isFinal()) {
      return Step.done(r);
    }
    boolean own = Objects.equals(r.getSpec().getApplication().getUid(), app.getMetadata().getUid());
    String retryApp = r.getStatus() == null ? null : r.getStatus().getRetryApplication();
    if (!own) {
      // A NewApplication record follows its retry application, and only that one.
      return app.getMetadata().getName().equals(retryApp) ? followRetry(app, r) : Step.done(r);
    }
    String current = app.getStatus().getSubmissionId();
    boolean sameRun = Objects.equals(r.getSpec().getApplication().getSubmissionID(), current);
    String state = app.getStatus().state();
    if (outcome == Outcome.Pending) {
      if (r.getSpec().getAction() != Action.Resubmit) {
        // Decided, but the operator stopped before writing the outcome.
        return Step.done(finish(app, r, finalOutcome(r), r.getSpec().getReason()));
      }
      if (retryApp != null
          || (!"NewApplication".equals(r.getSpec().getStrategy())
              && PlanApplier.isApplied(app, r))) {
        return Step.done(resubmitted(r, retryApp));
      }
      if (!sameRun || !ApplicationStates.FAILED.equals(state)) {
        return Step.done(
            finish(
                app,
                r,
                Outcome.Superseded,
                "The application was changed or resubmitted before Sparkmedic applied its plan."));
      }
      Instant due =
          decidedAt(r)
              .plusSeconds(
                  r.getSpec().getBackoffSeconds() == null ? 0 : r.getSpec().getBackoffSeconds());
      Instant now = clock.instant();
      if (now.isBefore(due)) {
        return new Step(r, Optional.of(Duration.between(now, due)));
      }
      return act(app, r);
    }
    // Resubmitted.
    if ("NewApplication".equals(r.getSpec().getStrategy())) {
      return Step.done(r); // followed through the retry application
    }
    if (sameRun) {
      return verifyRestart(app, r);
    }
    if (r.getStatus().getRetrySubmissionID() == null && current != null) {
      r = remember(r, records.editStatus(r, s -> s.setRetrySubmissionID(current)));
    }
    return followRetry(app, r);
  }

  /** How the retry run ended, once it has. */
  private Step followRetry(SparkApplication retry, SparkRemediation r) {
    String state = retry.getStatus().state();
    if (ApplicationStates.COMPLETED.equals(state)) {
      return Step.done(finish(retry, r, Outcome.Succeeded, "The retry completed."));
    }
    if (ApplicationStates.FAILED.equals(state)) {
      return Step.done(finish(retry, r, Outcome.Failed, "The retry failed too."));
    }
    return Step.done(r);
  }

  /**
   * The Spark operator restarts a changed application on a best-effort basis: an update it misses
   * is never retried. Past the deadline, nudge it with one more spec change; past a second
   * deadline, give up and say so.
   */
  private Step verifyRestart(SparkApplication app, SparkRemediation r) {
    Duration deadline = restartDeadline(app);
    Instant now = clock.instant();
    Instant applied = parse(r.getStatus().getAppliedAt()).orElse(now);
    Optional<Instant> nudged = parse(r.getStatus().getNudgedAt());
    Instant due = nudged.orElse(applied).plus(deadline);
    if (now.isBefore(due)) {
      return new Step(r, Optional.of(Duration.between(now, due)));
    }
    if (nudged.isEmpty()) {
      String when = now.truncatedTo(ChronoUnit.SECONDS).toString();
      applier.nudge(app, r, when.replace(":", ""));
      SparkRemediation updated = remember(r, records.editStatus(r, s -> s.setNudgedAt(when)));
      events.record(
          app,
          Reason.RestartNudged,
          "The Spark operator had not restarted the application "
              + deadline.toSeconds()
              + "s after Sparkmedic changed it; changed it once more (record "
              + r.getMetadata().getName()
              + ")");
      return new Step(updated, Optional.of(deadline));
    }
    return Step.done(
        finish(
            app,
            r,
            Outcome.Failed,
            "The Spark operator did not restart the application within "
                + deadline.toSeconds()
                + "s of the change, nor of a second change: check that it runs and watches this namespace."));
  }

  private Duration restartDeadline(SparkApplication app) {
    return selectPolicy(app)
        .map(p -> p.getSpec().getVerification())
        .map(v -> v.getRestartDeadlineSeconds())
        .map(Duration::ofSeconds)
        .orElse(DEFAULT_RESTART_DEADLINE);
  }

  private Optional<TuningPolicy> selectPolicy(SparkApplication app) {
    List<TuningPolicy> policies =
        policySource.list(app.getMetadata().getNamespace(), p -> true).toList();
    return PolicySelector.select(policies, app.getMetadata().getLabels());
  }

  /** Decides about the current failed run, once; returns when to look again (the backoff). */
  private Optional<Duration> decide(
      SparkApplication app,
      String lineage,
      List<SparkRemediation> history,
      Context<SparkApplication> context) {
    String submission = app.getStatus().getSubmissionId();
    String uid = app.getMetadata().getUid();
    if (history.stream()
        .anyMatch(
            r ->
                Objects.equals(r.getSpec().getApplication().getUid(), uid)
                    && Objects.equals(
                        r.getSpec().getApplication().getSubmissionID(), submission))) {
      return Optional.empty(); // this run was decided already
    }
    String namespace = app.getMetadata().getNamespace();
    Optional<TuningPolicy> selected = selectPolicy(app);
    if (selected.isEmpty()) {
      LOG.debug("{}/{} failed; no TuningPolicy selects it", namespace, app.getMetadata().getName());
      reportOnce(
          app,
          Reason.NotSelected,
          "The run failed, but no TuningPolicy in "
              + namespace
              + " selects this application: Sparkmedic leaves it alone.");
      return Optional.empty();
    }
    PolicyTranslator.Result translated = PolicyTranslator.translate(selected.get());
    if (!translated.valid()) {
      reportOnce(
          app,
          Reason.InvalidPolicy,
          "Policy "
              + selected.get().getMetadata().getName()
              + " is invalid ("
              + String.join("; ", translated.errors())
              + "); nothing was done.");
      return Optional.empty();
    }
    RemediationPolicy policy = translated.policy();
    SparkSettings settings;
    try {
      settings = ApplicationSettings.of(app);
      settings.containerMemory(SparkRole.EXECUTOR);
      settings.containerMemory(SparkRole.DRIVER);
    } catch (IllegalArgumentException e) {
      events.record(
          app,
          Reason.NotRemediated,
          "Cannot read the application's memory settings: " + e.getMessage());
      return Optional.empty();
    }
    String logLocation =
        selected.get().getSpec().getEventLogs() == null
            ? null
            : selected.get().getSpec().getEventLogs().getLocation();
    FailureSignals observed =
        signals
            .collect(app, context.getSecondaryResources(Pod.class))
            .withEventLog(eventLogs.read(app, logLocation).orElse(null));
    DiagnosisReport report = diagnoser.diagnose(observed, settings);
    RemediationHistory past = historyOf(history);
    RemediationPlan plan = planner.plan(report, settings, policy, past);
    Action action =
        !plan.resubmits()
            ? Action.None
            : policy.mode() == RemediationPolicy.Mode.ADVISE ? Action.Advise : Action.Resubmit;
    int resubmission =
        past.resubmissions(RemediationHistory.budgetOf(report.primary().category())) + 1;
    Duration backoff = plan.resubmits() ? policy.backoff().before(resubmission) : Duration.ZERO;
    SparkRemediation remediation =
        records.build(app, lineage, history.size() + 1, policy, action, backoff, report, plan);
    String changes =
        plan.changes().stream()
            .map(c -> c.path() + " " + (c.json() ? "(affinity)" : c.from() + "→" + c.to()))
            .collect(Collectors.joining(", "));
    LOG.atInfo()
        .addKeyValue("namespace", namespace)
        .addKeyValue("application", app.getMetadata().getName())
        .addKeyValue("submissionID", submission)
        .addKeyValue("category", report.primary().category())
        .addKeyValue("confidence", report.primary().confidence())
        .addKeyValue("decision", remediation.getSpec().getDecision())
        .addKeyValue("action", action)
        .addKeyValue("policy", policy.name())
        .addKeyValue("changes", changes)
        .log(
            "{}/{} failed: {} ({}); {} by policy {}{}",
            namespace,
            app.getMetadata().getName(),
            report.primary().category(),
            report.primary().confidence(),
            remediation.getSpec().getDecision(),
            policy.name(),
            changes.isEmpty() ? "" : ": " + changes);
    try {
      remediation = rememberCreated(records.create(remediation));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return Optional.empty(); // another reconcile (or replica) recorded this run first
    }
    history.add(remediation);
    metrics.failure(namespace, report.primary().category().name());
    if (plan.decision() == RemediationPlan.Decision.CAP_REACHED
        || plan.changes().stream().anyMatch(c -> c.reason().contains("ceiling"))) {
      metrics.capHit(namespace, report.primary().category().name());
    }
    if (action != Action.Resubmit) {
      finish(app, remediation, finalOutcome(remediation), plan.reason());
      return Optional.empty();
    }
    if (!backoff.isZero()) {
      SparkRemediation waiting = remediation;
      remediation =
          remember(
              waiting,
              records.setOutcome(
                  waiting,
                  Outcome.Pending,
                  "Resubmitting after the policy's backoff of " + backoff.toSeconds() + "s."));
      history.set(history.size() - 1, remediation);
      return Optional.of(backoff);
    }
    Step step = act(app, remediation);
    history.set(history.size() - 1, step.record());
    return step.again();
  }

  /** An Event about this failed run that no record will carry: sent once per run and reason. */
  private void reportOnce(SparkApplication app, Reason reason, String message) {
    if (reported.size() > 10_000) {
      reported.clear(); // bounded; at worst an Event's count goes up by one
    }
    if (reported.add(
        app.getMetadata().getUid() + "/" + app.getStatus().getSubmissionId() + "/" + reason)) {
      events.record(app, reason, message);
    }
  }

  /** Applies a decided plan, by the strategy it was decided with. */
  private Step act(SparkApplication app, SparkRemediation r) {
    if ("NewApplication".equals(r.getSpec().getStrategy())) {
      String retry = applier.createRetryApplication(app, r, lineageOf(app));
      SparkRemediation updated = resubmitted(r, retry);
      recordReaction(app, r);
      events.record(
          app,
          Reason.Remediated,
          describeAction(r) + "; created " + retry + " (record " + r.getMetadata().getName() + ")");
      return Step.done(updated);
    }
    try {
      applier.applyInPlace(app, r);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 422) {
        throw e;
      }
      // Someone changed the application since it was cached: read it again and decide on fresh
      // state.
      SparkApplication fresh =
          records
              .client()
              .resources(SparkApplication.class)
              .inNamespace(app.getMetadata().getNamespace())
              .withName(app.getMetadata().getName())
              .get();
      if (fresh == null
          || !Objects.equals(fresh.getMetadata().getUid(), app.getMetadata().getUid())
          || !ApplicationStates.FAILED.equals(
              fresh.getStatus() == null ? "" : fresh.getStatus().state())
          || !Objects.equals(
              fresh.getStatus().getSubmissionId(),
              r.getSpec().getApplication().getSubmissionID())) {
        return Step.done(
            finish(
                app,
                r,
                Outcome.Superseded,
                "The application was changed or resubmitted before Sparkmedic applied its plan."));
      }
      applier.applyInPlace(fresh, r);
    }
    SparkRemediation updated = resubmitted(r, null);
    recordReaction(app, r);
    events.record(
        app, Reason.Remediated, describeAction(r) + " (record " + r.getMetadata().getName() + ")");
    return new Step(updated, Optional.of(restartDeadline(app)));
  }

  /** Failure seen → plan applied, beyond the policy's backoff. */
  private void recordReaction(SparkApplication app, SparkRemediation r) {
    Instant failed =
        parse(app.getStatus().getTerminationTime())
            .filter(t -> t.isAfter(Instant.EPOCH))
            .orElse(decidedAt(r));
    int backoff = r.getSpec().getBackoffSeconds() == null ? 0 : r.getSpec().getBackoffSeconds();
    metrics.reaction(
        app.getMetadata().getNamespace(),
        Duration.between(failed, clock.instant()).minusSeconds(backoff));
  }

  private void countOutcome(SparkRemediation r, Outcome outcome) {
    metrics.remediation(
        r.getMetadata().getNamespace(),
        String.valueOf(r.getSpec().getDiagnosis().getCategory()),
        String.valueOf(r.getSpec().getAction()),
        outcome.name());
  }

  private SparkRemediation resubmitted(SparkRemediation r, String retryApplication) {
    countOutcome(r, Outcome.Resubmitted);
    String message =
        retryApplication != null
            ? "Created "
                + retryApplication
                + " with "
                + r.getSpec().getChanges().size()
                + " change(s)."
            : r.getSpec().getChanges().isEmpty()
                ? "Resubmitted unchanged; the Spark operator restarts the application."
                : "Applied "
                    + r.getSpec().getChanges().size()
                    + " change(s); the Spark operator restarts the application.";
    return remember(
        r,
        records.editStatus(
            r,
            s -> {
              s.setOutcome(Outcome.Resubmitted);
              s.setMessage(message);
              if (s.getAppliedAt() == null) {
                s.setAppliedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
              }
              if (retryApplication != null) {
                s.setRetryApplication(retryApplication);
              }
            }));
  }

  private static String describeAction(SparkRemediation r) {
    String changes =
        r.getSpec().getChanges().stream()
            .map(
                c ->
                    c.json()
                        ? c.getPath() + " (changed)"
                        : c.getPath()
                            + " "
                            + (c.getFrom() == null ? "(default)" : c.getFrom())
                            + "→"
                            + c.getTo())
            .collect(Collectors.joining(", "));
    return "Resubmitted after "
        + r.getSpec().getDiagnosis().getCategory()
        + (changes.isEmpty() ? ", unchanged" : ": " + changes);
  }

  private SparkRemediation finish(
      SparkApplication app, SparkRemediation r, Outcome outcome, String message) {
    SparkRemediation updated = remember(r, records.setOutcome(r, outcome, message));
    countOutcome(r, outcome);
    Reason reason =
        switch (outcome) {
          case Succeeded -> Reason.RetrySucceeded;
          case Failed -> Reason.RetryFailed;
          case Advised -> Reason.RemediationAdvised;
          default -> Reason.NotRemediated;
        };
    String detail =
        outcome == Outcome.Advised && !r.getSpec().getChanges().isEmpty()
            ? " Would change: "
                + r.getSpec().getChanges().stream()
                    .map(c -> c.getPath() + "→" + abbreviate(c.getTo()))
                    .collect(Collectors.joining(", "))
                + "."
            : "";
    events.record(
        app,
        reason,
        outcome
            + " ("
            + r.getSpec().getDiagnosis().getCategory()
            + "): "
            + message
            + detail
            + " (record "
            + r.getMetadata().getName()
            + ")");
    return updated;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 59) + "…";
  }

  private static Outcome finalOutcome(SparkRemediation r) {
    if (r.getSpec().getAction() == Action.Advise) {
      return Outcome.Advised;
    }
    return switch (String.valueOf(r.getSpec().getDecision())) {
      case "CapReached" -> Outcome.CapReached;
      case "Exhausted" -> Outcome.Exhausted;
      default -> Outcome.NotRetryable;
    };
  }

  /** The job's earlier decisions, as the planner reads them, since it last succeeded after one. */
  private static RemediationHistory historyOf(List<SparkRemediation> history) {
    List<RemediationHistory.Attempt> attempts = new ArrayList<>();
    for (SparkRemediation r : history) {
      if (outcome(r) == Outcome.Succeeded) {
        attempts.clear();
        continue;
      }
      DiagnosisCategory category;
      try {
        category = DiagnosisCategory.valueOf(r.getSpec().getDiagnosis().getCategory());
      } catch (IllegalArgumentException | NullPointerException e) {
        category = DiagnosisCategory.UNKNOWN;
      }
      boolean resubmitted =
          r.getSpec().getAction() == Action.Resubmit && outcome(r) != Outcome.Superseded;
      attempts.add(new RemediationHistory.Attempt(category, resubmitted));
    }
    return new RemediationHistory(attempts);
  }

  /** Keeps the job's history bounded: the oldest final records beyond the limit are deleted. */
  private void prune(List<SparkRemediation> history) {
    int excess = history.size() - MAX_RECORDS_PER_JOB;
    for (SparkRemediation r : history) {
      if (excess <= 0) {
        return;
      }
      if (!inFlight(r)) {
        try {
          records.delete(r);
        } catch (KubernetesClientException e) {
          LOG.debug("could not prune {}: {}", r.getMetadata().getName(), e.getMessage());
        }
        excess--;
      }
    }
  }

  private static Instant decidedAt(SparkRemediation r) {
    return parse(r.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
  }

  private static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /** Puts a record we just created into the informer cache, so the next reconcile sees it. */
  private SparkRemediation rememberCreated(SparkRemediation created) {
    remediationSource.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return created;
  }

  /** Likewise for an update; JOSDK takes it only if the cache still holds {@code before}. */
  private SparkRemediation remember(SparkRemediation before, SparkRemediation after) {
    if (after != null) {
      remediationSource.handleRecentResourceUpdate(ResourceID.fromResource(after), after, before);
    }
    return after;
  }
}
