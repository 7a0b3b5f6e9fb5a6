package io.sparkmedic.operator.metrics;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sparkmedic's own meters, for Prometheus. Tags are low-cardinality by design — namespace,
 * category, action, outcome, verb, code — never an application's name (one series per application
 * is how operators take Prometheus down).
 *
 * <ul>
 *   <li>{@code sparkmedic_failures_total{namespace,category}}: failed runs diagnosed;
 *   <li>{@code sparkmedic_remediations_total{namespace,category,action,outcome}}: records reaching
 *       an outcome ({@code Resubmitted}, {@code Succeeded}, {@code CapReached}, ...);
 *   <li>{@code sparkmedic_retries_succeeded_total{namespace,category}}: retries that then
 *       completed;
 *   <li>{@code sparkmedic_caps_hit_total{namespace,category}}: plans stopped or cut by a ceiling;
 *   <li>{@code sparkmedic_reaction_seconds{namespace}}: failure seen → plan applied, beyond the
 *       backoff (histogram);
 *   <li>{@code sparkmedic_eventlog_analysis_seconds}: event-log analysis time (histogram);
 *   <li>{@code sparkmedic_api_requests_total{verb,code}}: calls to the Kubernetes API;
 *   <li>JOSDK's reconciler meters without per-resource tags, and JVM meters.
 * </ul>
 */
public final class SparkmedicMetrics {

  private final PrometheusMeterRegistry registry;

  public SparkmedicMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public void failure(String namespace, String category) {
    Counter.builder("sparkmedic.failures")
        .description("Failed Spark runs diagnosed, by primary category")
        .tags("namespace", namespace, "category", category)
        .register(registry)
        .increment();
  }

  public void remediation(String namespace, String category, String action, String outcome) {
    Counter.builder("sparkmedic.remediations")
        .description("SparkRemediations reaching an outcome")
        .tags("namespace", namespace, "category", category, "action", action, "outcome", outcome)
        .register(registry)
        .increment();
    if ("Succeeded".equals(outcome)) {
      Counter.builder("sparkmedic.retries.succeeded")
          .description("Retries that completed after a remediation")
          .tags("namespace", namespace, "category", category)
          .register(registry)
          .increment();
    }
  }

  public void capHit(String namespace, String category) {
    Counter.builder("sparkmedic.caps.hit")
        .description("Plans stopped or cut by a policy ceiling")
        .tags("namespace", namespace, "category", category)
        .register(registry)
        .increment();
  }

  public void reaction(String namespace, Duration latency) {
    Timer.builder("sparkmedic.reaction")
        .description("From a failure seen to its plan applied, beyond the policy's backoff")
        .tags("namespace", namespace)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(latency.isNegative() ? Duration.ZERO : latency);
  }

  public void eventLogAnalysis(Duration took, long bytes) {
    Timer.builder("sparkmedic.eventlog.analysis")
        .description("Time to read and analyse one Spark event log")
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
    DistributionSummary.builder("sparkmedic.eventlog.bytes")
        .description("Size of the event logs analysed")
        .baseUnit("bytes")
        .register(registry)
        .record(bytes);
  }

  public void apiRequest(String verb, int code) {
    Counter.builder("sparkmedic.api.requests")
        .description("Requests to the Kubernetes API server, by verb and response code")
        .tags("verb", verb, "code", String.valueOf(code))
        .register(registry)
        .increment();
  }

  /** A fabric8 HTTP interceptor that counts every API response by verb and status code. */
  public Interceptor apiInterceptor() {
    return new Interceptor() {
      @Override
      public void after(
          HttpRequest request,
          HttpResponse<?> response,
          AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        apiRequest(verb(request), response.code());
      }

      @Override
      public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        apiRequest(verb(request), 0);
      }
    };
  }

  /** Kubernetes verbs, as RBAC names them: a GET with {@code watch=true} is a watch. */
  static String verb(HttpRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
    return switch (method) {
      case "GET" -> query.contains("watch=true") ? "watch" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }
}
