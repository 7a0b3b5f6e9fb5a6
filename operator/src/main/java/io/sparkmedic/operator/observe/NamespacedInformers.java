package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sparkmedic.operator.SparkmedicOperator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Informer event sources whose cache keeps a cut-down copy of each object (a {@code
 * TransformingItemStore}): one per watched namespace, or one when all namespaces are watched.
 *
 * <p>Why not one source for several namespaces: JOSDK hands the source's one item store to the
 * informer of every namespace, and each informer's relist then drops every object of the other
 * namespaces from it, as missing from its own list. fabric8 gives a handler a copy of the cached
 * object, so cutting objects down in a handler does not shrink the cache either.
 *
 * @param <R> the cached kind
 * @param <P> the controller's primary kind
 */
public final class NamespacedInformers<R extends HasMetadata, P extends HasMetadata> {

  private static final String ALL = "";

  private final Map<String, InformerEventSource<R, P>> sources;

  private NamespacedInformers(Map<String, InformerEventSource<R, P>> sources) {
    this.sources = sources;
  }

  /**
   * Builds the sources for the controller's namespaces, each listing in pages of {@link
   * SparkmedicOperator#LIST_PAGE} and caching {@code view} of each object.
   *
   * @param configuration a fresh configuration of one source, without name, namespaces or store
   * @param view what the cache keeps of an object; handlers must read nothing it drops (on the
   *     initial list they are handed the views)
   * @param source makes a source of its complete configuration
   */
  public static <R extends HasMetadata, P extends HasMetadata> NamespacedInformers<R, P> of(
      EventSourceContext<P> context,
      String name,
      Supplier<InformerEventSourceConfiguration.Builder<R>> configuration,
      UnaryOperator<R> view,
      Function<InformerEventSourceConfiguration<R>, InformerEventSource<R, P>> source) {
    InformerConfiguration<P> controller = context.getControllerConfiguration().getInformerConfig();
    Set<String> namespaces = controller.getNamespaces();
    Map<String, InformerEventSource<R, P>> sources = new LinkedHashMap<>();
    if (controller.watchAllNamespaces()
        || controller.watchCurrentNamespace()
        || namespaces.size() <= 1) {
      sources.put(
          ALL,
          source.apply(
              base(configuration, name, view).withNamespacesInheritedFromController().build()));
    } else {
      for (String namespace : new TreeSet<>(namespaces)) {
        sources.put(
            namespace,
            source.apply(
                base(configuration, name + "-" + namespace, view)
                    .withNamespaces(Set.of(namespace))
                    .build()));
      }
    }
    return new NamespacedInformers<>(sources);
  }

  private static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> base(
      Supplier<InformerEventSourceConfiguration.Builder<R>> configuration,
      String name,
      UnaryOperator<R> view) {
    return configuration
        .get()
        .withName(name)
        .withItemStore(viewStore(view))
        .withInformerListLimit(SparkmedicOperator.LIST_PAGE);
  }

  /**
   * An item store that keeps {@code view} of each object. It reports full state, so an informer's
   * initial list hands its handlers the views once the list is complete; otherwise fabric8 hands
   * them every listed object whole, as it arrives, and a handler that falls behind a fast list
   * holds thousands of whole objects in its queue (the startup peak of a large namespace).
   */
  static <R extends HasMetadata> ItemStore<R> viewStore(UnaryOperator<R> view) {
    return new TransformingItemStore<>(view) {
      @Override
      public boolean isFullState() {
        return true;
      }
    };
  }

  /** The sources, to register with the controller. */
  public List<InformerEventSource<R, P>> sources() {
    return List.copyOf(sources.values());
  }

  /** The cached objects of one namespace that match. */
  public Stream<R> list(String namespace, Predicate<R> filter) {
    InformerEventSource<R, P> source = sources.getOrDefault(namespace, sources.get(ALL));
    return source == null ? Stream.empty() : source.list(namespace, filter);
  }
}
