package io.sparkmedic.bench.effectiveness;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmedic.crds.spark.ApplicationStates;
import io.sparkmedic.crds.spark.DriverSpec;
import io.sparkmedic.crds.spark.ExecutorSpec;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.spark.SparkApplicationSpec;
import io.sparkmedic.operator.SparkmedicOperator;
import io.sparkmedic.operator.cli.EmbeddedApiServer;
import io.sparkmedic.simulator.SimulatorOptions;
import io.sparkmedic.simulator.SparkOperatorSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs every scenario under every contender in one embedded API server with one simulated Spark
 * operator (all namespaces) and one Sparkmedic operator (the Sparkmedic contenders' namespaces).
 * Each (scenario, contender) pair is one {@code SparkApplication} named after the scenario in the
 * contender's namespace; at most {@link Settings#concurrency()} are in flight. A pair ends when its
 * application is {@code COMPLETED}, or {@code FAILED} and the contender {@linkplain
 * Contender#settled settled}, or at the deadline. Its application is then deleted (the simulator
 * removes its pods) to keep the server small.
 */
public final class EffectivenessRun {

  /**
   * @param timeScale simulated seconds per real second
   * @param tick how often the simulator advances every application
   * @param concurrency applications in flight at once
   * @param deadline per application, real time
   */
  public record Settings(double timeScale, Duration tick, int concurrency, Duration deadline) {
    public static Settings defaults() {
      return new Settings(600, Duration.ofMillis(40), 48, Duration.ofMinutes(4));
    }
  }

  private static final Duration POLL = Duration.ofMillis(25);

  private final ScenarioCorpus corpus;
  private final List<Contender> contenders;
  private final Settings settings;
  private final Consumer<String> progress;
  private final Map<String, RunTracker> trackers = new ConcurrentHashMap<>();

  public EffectivenessRun(
      ScenarioCorpus corpus,
      List<Contender> contenders,
      Settings settings,
      Consumer<String> progress) {
    this.corpus = corpus;
    this.contenders = List.copyOf(contenders);
    this.settings = settings;
    this.progress = progress;
  }

  /** The standard contenders, in report order. */
  public static List<Contender> standardContenders() {
    return List.of(
        SparkOperatorRetries.none(),
        SparkOperatorRetries.onFailure(3),
        new FixedMultiplierRule(),
        SparkmedicContender.defaultPolicy(),
        SparkmedicContender.costFirst());
  }

  private record Pair(Scenario scenario, Contender contender) {
    String key() {
      return contender.namespace() + "/" + scenario.id();
    }
  }

  private record InFlight(Pair pair, long deadline, Path eventLogs) {}

  public List<ScenarioOutcome> run() throws Exception {
    Path eventLogRoot = Files.createTempDirectory("sparkmedic-effectiveness-");
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      KubernetesClient client = api.client();
      KubernetesClient simulatorClient = api.createClient(b -> {});
      KubernetesClient operatorClient = api.createClient(b -> {});
      Set<String> sparkmedicNamespaces = new LinkedHashSet<>();
      for (Contender c : contenders) {
        api.createNamespace(c.namespace());
        if (c.sparkmedic()) {
          sparkmedicNamespaces.add(c.namespace());
        }
      }
      SparkOperatorSimulator simulator =
          new SparkOperatorSimulator(
              simulatorClient, new SimulatorOptions(null, settings.tick(), settings.timeScale()));
      SparkmedicOperator operator =
          sparkmedicNamespaces.isEmpty()
              ? null
              : new SparkmedicOperator(
                  operatorClient,
                  new SparkmedicOperator.Options(sparkmedicNamespaces, -1, "bench"),
                  Clock.systemUTC());
      try (Records records = new Records(client);
          SharedIndexInformer<SparkApplication> apps = watchApplications(client)) {
        simulator.start();
        for (Contender c : contenders) {
          c.start(client);
        }
        if (operator != null) {
          operator.start();
        }
        outcomes = runAll(client, simulator, records, eventLogRoot);
      } finally {
        for (Contender c : contenders) {
          c.close();
        }
        if (operator != null) {
          operator.close();
        }
        simulator.close();
        simulatorClient.close();
        operatorClient.close();
      }
    } finally {
      deleteTree(eventLogRoot);
    }
    return outcomes;
  }

  private SharedIndexInformer<SparkApplication> watchApplications(KubernetesClient client) {
    return client
        .resources(SparkApplication.class)
        .inAnyNamespace()
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(SparkApplication app) {
                observe(app);
              }

              @Override
              public void onUpdate(SparkApplication oldApp, SparkApplication app) {
                observe(app);
              }

              @Override
              public void onDelete(SparkApplication app, boolean unknown) {}
            },
            0);
  }

  private void observe(SparkApplication app) {
    RunTracker tracker =
        trackers.get(app.getMetadata().getNamespace() + "/" + app.getMetadata().getName());
    if (tracker != null) {
      tracker.observe(app, System.nanoTime());
    }
  }

  private List<ScenarioOutcome> runAll(
      KubernetesClient client, SparkOperatorSimulator simulator, Records records, Path logs)
      throws IOException {
    Deque<Pair> queue = new ArrayDeque<>();
    for (Scenario s : corpus.scenarios()) {
      for (Contender c : contenders) {
        queue.add(new Pair(s, c));
      }
    }
    int total = queue.size();
    List<InFlight> inFlight = new ArrayList<>();
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    long started = System.nanoTime();
    long lastReport = started;
    while (!queue.isEmpty() || !inFlight.isEmpty()) {
      while (!queue.isEmpty() && inFlight.size() < settings.concurrency()) {
        inFlight.add(submit(client, simulator, queue.poll(), logs));
      }
      for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
        InFlight f = it.next();
        ScenarioOutcome done = outcomeIfDone(f, records);
        if (done != null) {
          it.remove();
          outcomes.add(done);
          cleanUp(client, f);
        }
      }
      long now = System.nanoTime();
      if (now - lastReport > TimeUnit.SECONDS.toNanos(15)) {
        lastReport = now;
        progress.accept(
            String.format(
                "%d/%d runs done, %d in flight, %.0fs",
                outcomes.size(), total, inFlight.size(), (now - started) / 1e9));
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    outcomes.sort(
        Comparator.comparing((ScenarioOutcome o) -> o.scenario().id())
            .thenComparing(o -> contenderIndex(o.contender())));
    return outcomes;
  }

  private int contenderIndex(String name) {
    for (int i = 0; i < contenders.size(); i++) {
      if (contenders.get(i).name().equals(name)) {
        return i;
      }
    }
    return contenders.size();
  }

  private InFlight submit(
      KubernetesClient client, SparkOperatorSimulator simulator, Pair pair, Path logs)
      throws IOException {
    Scenario s = pair.scenario();
    Contender c = pair.contender();
    Path eventLogs = Files.createDirectories(logs.resolve(c.namespace()).resolve(s.id()));
    simulator.expect(c.namespace(), s.id(), s.truth().toJobTruth());
    trackers.put(pair.key(), new RunTracker(settings.timeScale()));
    client.resource(application(s, c, eventLogs)).create();
    return new InFlight(pair, System.nanoTime() + settings.deadline().toNanos(), eventLogs);
  }

  /** The application a scenario's owner would submit, shaped by the contender. */
  static SparkApplication application(Scenario s, Contender c, Path eventLogs) {
    SparkApplication app = new SparkApplication();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName(s.id())
            .withNamespace(c.namespace())
            .withLabels(Map.of("tier", "batch", "team", "data"))
            .build());
    SparkApplicationSpec spec = new SparkApplicationSpec();
    spec.setType("Scala");
    spec.setSparkVersion("3.5.5");
    spec.setImage("apache/spark:3.5.5");
    spec.setMainClass("com.example.etl.DailyRollup");
    spec.setMainApplicationFile("local:///opt/spark/jars/etl-assembly.jar");
    spec.setUnknownField("mode", "cluster");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.eventLog.enabled", "true");
    conf.put("spark.eventLog.dir", eventLogs.toUri().toString());
    spec.setSparkConf(conf);
    Scenario.Submitted submitted = s.submitted();
    DriverSpec driver = new DriverSpec();
    driver.setCores(submitted.driverCores());
    driver.setMemory(submitted.driverMemory());
    driver.setMemoryOverhead(submitted.driverMemoryOverhead());
    driver.setUnknownField("serviceAccount", "spark");
    spec.setDriver(driver);
    ExecutorSpec executor = new ExecutorSpec();
    executor.setCores(submitted.executorCores());
    executor.setInstances(submitted.executorInstances());
    executor.setMemory(submitted.executorMemory());
    executor.setMemoryOverhead(submitted.executorMemoryOverhead());
    spec.setExecutor(executor);
    c.shape(spec);
    app.setSpec(spec);
    return app;
  }

  private ScenarioOutcome outcomeIfDone(InFlight f, Records records) {
    RunTracker tracker = trackers.get(f.pair().key());
    SparkApplication app = tracker.last();
    boolean timedOut = System.nanoTime() > f.deadline();
    String state = app == null || app.getStatus() == null ? "" : app.getStatus().state();
    boolean completed = ApplicationStates.COMPLETED.equals(state) && tracker.idle();
    boolean failed =
        ApplicationStates.FAILED.equals(state)
            && tracker.idle()
            && f.pair().contender().settled(app, records);
    if (!completed && !failed && !timedOut) {
      return null;
    }
    Contender c = f.pair().contender();
    return new ScenarioOutcome(
        f.pair().scenario(),
        c.name(),
        completed,
        !completed && !failed,
        tracker.attempts(),
        app == null ? null : RunShape.of(app),
        app == null ? "" : c.decisions(app, records));
  }

  private void cleanUp(KubernetesClient client, InFlight f) {
    trackers.remove(f.pair().key());
    client
        .resources(SparkApplication.class)
        .inNamespace(f.pair().contender().namespace())
        .withName(f.pair().scenario().id())
        .delete();
    deleteTree(f.eventLogs());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
