package io.sparkmedic.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
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
   * Builds the sources for the controller's namespaces.
   *
   * @param factory makes one source from its name and its namespaces (null: the controller's)
   */
  public static <R extends HasMetadata, P extends HasMetadata> NamespacedInformers<R, P> of(
      EventSourceContext<P> context,
      String name,
      BiFunction<String, Set<String>, InformerEventSource<R, P>> factory) {
    InformerConfiguration<P> controller = context.getControllerConfiguration().getInformerConfig();
    Set<String> namespaces = controller.getNamespaces();
    Map<String, InformerEventSource<R, P>> sources = new LinkedHashMap<>();
    if (controller.watchAllNamespaces()
        || controller.watchCurrentNamespace()
        || namespaces.size() <= 1) {
      sources.put(ALL, factory.apply(name, null));
    } else {
      for (String namespace : new TreeSet<>(namespaces)) {
        sources.put(namespace, factory.apply(name + "-" + namespace, Set.of(namespace)));
      }
    }
    return new NamespacedInformers<>(sources);
  }

  /**
   * An item store that keeps {@code view} of each object. It reports full state, so an informer's
   * initial list hands its handlers the views once the list is complete; otherwise fabric8 hands
   * them every listed object whole, as it arrives, and a handler that falls behind a fast list
   * holds thousands of whole objects in its queue (the startup peak of a large namespace). Only for
   * handlers that read nothing the view drops.
   */
  public static <R extends HasMetadata> ItemStore<R> viewStore(UnaryOperator<R> view) {
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
