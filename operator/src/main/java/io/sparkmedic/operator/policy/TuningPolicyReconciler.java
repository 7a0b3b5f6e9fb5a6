package io.sparkmedic.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.SparkRemediation;
import io.sparkmedic.crds.v1alpha1.Sparkmedic;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.crds.v1alpha1.TuningPolicyStatus;
import io.sparkmedic.operator.observe.NamespacedInformers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Validates each {@link TuningPolicy} and reports the result as a {@code Ready} condition: what the
 * CRD schema cannot reject (an unknown category, a duplicate rule, an unparseable ceiling) shows
 * there, with every problem named. The status also counts the applications the policy governs now
 * (it wins the selection for them) and the remediations recorded under it. The status is written
 * only when it changes, and {@code lastTransitionTime} moves only when {@code Ready} flips.
 */
@ControllerConfiguration(name = TuningPolicyReconciler.NAME)
public class TuningPolicyReconciler implements Reconciler<TuningPolicy> {

  public static final String NAME = "tuningpolicy";
  public static final String READY = "Ready";

  private final KubernetesClient client;
  private final Clock clock;

  public TuningPolicyReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  private NamespacedInformers<SparkApplication, TuningPolicy> applications;
  private NamespacedInformers<SparkRemediation, TuningPolicy> remediations;

  @Override
  public List<EventSource<?, TuningPolicy>> prepareEventSources(
      EventSourceContext<TuningPolicy> context) {
    IndexerResourceCache<TuningPolicy> policies = context.getPrimaryCache();
    // An application appearing, going, or changing its labels can change which policy selects it:
    // every policy of its namespace recounts. Which policy selects an application, and which
    // policy a record belongs to, depend on labels only: the caches keep identity and labels, not
    // a second copy of every application's spec and status.
    applications =
        NamespacedInformers.of(
            context,
            "selected-applications",
            () ->
                InformerEventSourceConfiguration.from(SparkApplication.class, TuningPolicy.class)
                    .withSecondaryToPrimaryMapper(
                        app ->
                            policies
                                .list(app.getMetadata().getNamespace())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                    .withOnUpdateFilter(
                        (fresh, old) ->
                            !Objects.equals(
                                fresh.getMetadata().getLabels(), old.getMetadata().getLabels())),
            a -> identityAndLabels(a, SparkApplication::new),
            configuration -> new InformerEventSource<>(configuration, context));
    remediations =
        NamespacedInformers.of(
            context,
            "policy-remediations",
            () ->
                InformerEventSourceConfiguration.from(SparkRemediation.class, TuningPolicy.class)
                    .withSecondaryToPrimaryMapper(TuningPolicyReconciler::policyOf)
                    .withOnUpdateFilter((fresh, old) -> false),
            r -> identityAndLabels(r, SparkRemediation::new),
            configuration -> new InformerEventSource<>(configuration, context));
    List<EventSource<?, TuningPolicy>> sources = new ArrayList<>(applications.sources());
    sources.addAll(remediations.sources());
    return sources;
  }

  /** The policy a record was decided under, from its label. */
  private static Set<ResourceID> policyOf(SparkRemediation record) {
    Map<String, String> labels = record.getMetadata().getLabels();
    String policy = labels == null ? null : labels.get(Sparkmedic.POLICY_LABEL);
    return policy == null
        ? Set.of()
        : Set.of(new ResourceID(policy, record.getMetadata().getNamespace()));
  }

  /** A resource's identity and labels, without spec, status or annotations. */
  static <R extends HasMetadata> R identityAndLabels(R resource, Supplier<R> empty) {
    R view = empty.get();
    ObjectMeta meta = resource.getMetadata();
    if (meta != null) {
      view.setMetadata(
          new ObjectMetaBuilder()
              .withName(meta.getName())
              .withNamespace(meta.getNamespace())
              .withUid(meta.getUid())
              .withResourceVersion(meta.getResourceVersion())
              .withLabels(meta.getLabels())
              .build());
    }
    return view;
  }

  @Override
  public UpdateControl<TuningPolicy> reconcile(TuningPolicy policy, Context<TuningPolicy> context) {
    String namespace = policy.getMetadata().getNamespace();
    int selected = 0;
    int recorded = 0;
    if (applications != null && context != null) {
      List<TuningPolicy> all = context.getPrimaryCache().list(namespace).toList();
      String name = policy.getMetadata().getName();
      selected =
          (int)
              applications
                  .list(namespace, a -> true)
                  .filter(
                      a ->
                          PolicySelector.select(all, a.getMetadata().getLabels())
                              .map(p -> p.getMetadata().getName().equals(name))
                              .orElse(false))
                  .count();
      recorded =
          (int)
              remediations
                  .list(
                      namespace,
                      r ->
                          r.getMetadata().getLabels() != null
                              && name.equals(
                                  r.getMetadata().getLabels().get(Sparkmedic.POLICY_LABEL)))
                  .count();
    }
    PolicyTranslator.Result result = PolicyTranslator.translate(policy);
    Condition desired =
        result.valid()
            ? condition("True", "Valid", "The policy is valid and in effect.", policy)
            : condition("False", "Invalid", String.join("; ", result.errors()), policy);
    TuningPolicyStatus current = policy.getStatus();
    Condition existing = current == null ? null : ready(current.getConditions());
    if (existing != null
        && Objects.equals(existing.getStatus(), desired.getStatus())
        && Objects.equals(existing.getReason(), desired.getReason())
        && Objects.equals(existing.getMessage(), desired.getMessage())
        && Objects.equals(current.getObservedGeneration(), policy.getMetadata().getGeneration())
        && Objects.equals(current.getSelectedApplications(), countOrNull(selected, context))
        && Objects.equals(current.getRemediations(), countOrNull(recorded, context))) {
      return UpdateControl.noUpdate();
    }
    if (existing != null && Objects.equals(existing.getStatus(), desired.getStatus())) {
      desired.setLastTransitionTime(existing.getLastTransitionTime());
    }
    TuningPolicyStatus status = new TuningPolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    List<Condition> conditions = new ArrayList<>();
    conditions.add(desired);
    if (current != null && current.getConditions() != null) {
      current.getConditions().stream()
          .filter(c -> !READY.equals(c.getType()))
          .forEach(conditions::add);
    }
    status.setConditions(conditions);
    status.setSelectedApplications(countOrNull(selected, context));
    status.setRemediations(countOrNull(recorded, context));
    // One merge patch of the status subresource, no read first: only this controller writes a
    // policy's status, and the policy in hand is the cached, current one.
    client
        .resources(TuningPolicy.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withName(policy.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
    return UpdateControl.noUpdate();
  }

  /** Counts come from the informers; reconciled without them (a direct call), there are none. */
  private static Integer countOrNull(int count, Context<TuningPolicy> context) {
    return context == null ? null : count;
  }

  private Condition condition(String status, String reason, String message, TuningPolicy policy) {
    return new ConditionBuilder()
        .withType(READY)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(policy.getMetadata().getGeneration())
        .withLastTransitionTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }

  private static Condition ready(List<Condition> conditions) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
  }
}
