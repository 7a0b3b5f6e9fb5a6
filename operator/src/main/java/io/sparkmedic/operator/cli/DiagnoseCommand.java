package io.sparkmedic.operator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.cli.KubeDump.DumpException;
import io.sparkmedic.operator.eventlog.EventLogSource;
import io.sparkmedic.operator.eventlog.EventLogSourceSettings;
import io.sparkmedic.operator.eventlog.EventLogSources;
import io.sparkmedic.operator.observe.ApplicationSettings;
import io.sparkmedic.operator.observe.ClusterEvents;
import io.sparkmedic.operator.observe.NodeFactsReader;
import io.sparkmedic.operator.observe.SignalCollector;
import io.sparkmedic.operator.observe.TerminationLedger;
import io.sparkmedic.operator.policy.PolicyTranslator;
import io.sparkmedic.remediation.diagnosis.Diagnoser;
import io.sparkmedic.remediation.diagnosis.Diagnosis;
import io.sparkmedic.remediation.diagnosis.DiagnosisReport;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.plan.Planner;
import io.sparkmedic.remediation.plan.RemediationPlan;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import io.sparkmedic.remediation.plan.SpecChange;
import io.sparkmedic.remediation.signal.ClusterEvent;
import io.sparkmedic.remediation.signal.FailureSignals;
import io.sparkmedic.remediation.signal.NodeFacts;
import io.sparkmedic.remediation.signal.SparkRole;
import io.sparkmedic.remediation.spark.SparkSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkmedic diagnose}: explains a failed run offline, from {@code kubectl} dumps. */
@Command(
    name = "diagnose",
    description =
        "Explain why a SparkApplication failed, from `kubectl get -o yaml` dumps (a single object,"
            + " a List, or several YAML documents) and optionally its driver log; with --policy,"
            + " show the plan that policy would apply.",
    mixinStandardHelpOptions = true)
public final class DiagnoseCommand implements Callable<Integer> {

  /** Output formats. */
  public enum Format {
    text,
    json
  }

  /** Bytes of the driver log read from its end: as much as the operator reads through the API. */
  static final int MAX_LOG_BYTES = 512 * 1024;

  @Spec CommandSpec spec;

  @Option(
      names = "--app",
      required = true,
      paramLabel = "FILE",
      description = "The SparkApplication (may also hold its pods).")
  Path app;

  @Option(
      names = "--pods",
      paramLabel = "FILE",
      description = "The application's driver and executor pods.")
  Path pods;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Events about the pods, their nodes and the application (kubectl get events -o yaml).")
  Path events;

  @Option(
      names = "--nodes",
      paramLabel = "FILE",
      description = "The nodes the pods ran on (kubectl get nodes -o yaml).")
  Path nodes;

  @Option(
      names = "--capacity-type-labels",
      paramLabel = "KEY[,KEY...]",
      split = ",",
      description = "Extra node label keys that tell spot from on-demand, as for `run`.")
  List<String> capacityTypeLabels = List.of();

  @Option(
      names = "--driver-log",
      paramLabel = "FILE",
      description = "The driver's log (kubectl logs).")
  Path driverLog;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "A TuningPolicy: show the plan it would produce.")
  Path policy;

  @Option(
      names = "--event-log",
      paramLabel = "PATH|URL",
      description =
          "The run's Spark event log (a file, a rolling-log directory, s3://, s3a://, or a Spark UI"
              + " URL): adds skew and spill evidence, as `analyze` reads it.")
  String eventLog;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Result result = run();
      if (output == Format.json) {
        out.println(
            Serialization.jsonMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(result.toJson()));
      } else {
        out.print(result.toText());
      }
      out.flush();
      return 0;
    } catch (DumpException e) {
      spec.commandLine().getErr().println("sparkmedic diagnose: " + e.getMessage());
      return 2;
    }
  }

  /** The diagnosis of the dumps, and the plan when a policy was given. */
  record Result(
      SparkApplication app,
      FailureSignals signals,
      DiagnosisReport report,
      Optional<RemediationPolicy> policy,
      Optional<RemediationPlan> plan,
      int podCount,
      int eventCount,
      int nodeCount) {

    ObjectNode toJson() {
      JsonNodeFactory f = JsonNodeFactory.instance;
      ObjectNode root = f.objectNode();
      ObjectNode application = root.putObject("application");
      application.put("namespace", app.getMetadata().getNamespace());
      application.put("name", app.getMetadata().getName());
      application.put("state", signals.state());
      application.put("errorMessage", signals.errorMessage());
      application.put(
          "submissionID", app.getStatus() == null ? null : app.getStatus().getSubmissionId());
      root.set("primary", diagnosis(report.primary()));
      root.put("retryable", report.retryable());
      ArrayNode all = root.putArray("diagnoses");
      report.diagnoses().forEach(d -> all.add(diagnosis(d)));
      ObjectNode inputs = root.putObject("inputs");
      inputs.put("pods", podCount);
      inputs.put("events", eventCount);
      inputs.put("nodes", nodeCount);
      inputs.put("containerTerminations", signals.terminations().size());
      inputs.put("driverLog", signals.driverLog() != null);
      inputs.put("eventLog", signals.eventLog() != null);
      plan.ifPresent(
          p -> {
            ObjectNode plan = root.putObject("plan");
            plan.put("policy", policy.get().name());
            plan.put("mode", policy.get().mode().name());
            plan.put("decision", p.decision().name());
            plan.put("reason", p.reason());
            ArrayNode changes = plan.putArray("changes");
            for (SpecChange c : p.changes()) {
              ObjectNode change = changes.addObject();
              change.put("path", c.path().toString());
              change.put("from", c.from());
              change.put("to", c.to());
              change.put("reason", c.reason());
            }
          });
      return root;
    }

    private static ObjectNode diagnosis(Diagnosis d) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("category", d.category().name());
      node.put("confidence", d.confidence().name());
      node.put("retryable", d.retryable());
      node.put("summary", d.summary());
      ArrayNode evidence = node.putArray("evidence");
      d.evidence().forEach(evidence::add);
      return node;
    }

    String toText() {
      StringBuilder s = new StringBuilder();
      s.append("Application ")
          .append(app.getMetadata().getNamespace())
          .append('/')
          .append(app.getMetadata().getName())
          .append(": ")
          .append(signals.state().isEmpty() ? "(no state)" : signals.state());
      if (signals.errorMessage() != null) {
        s.append(" — ").append(signals.errorMessage());
      }
      s.append('\n');
      s.append("Read: ")
          .append(podCount)
          .append(" pod(s), ")
          .append(signals.terminations().size())
          .append(" Spark container termination(s), ")
          .append(eventCount)
          .append(" event(s), ")
          .append(nodeCount)
          .append(" node(s), ")
          .append(signals.driverLog() == null ? "no driver log" : "driver log")
          .append(
              signals.eventLog() == null
                  ? ""
                  : ", event log (" + signals.eventLog().stages().size() + " stages)")
          .append("\n\n");
      Diagnosis p = report.primary();
      s.append("Diagnosis: ")
          .append(p.category())
          .append(" (confidence ")
          .append(p.confidence())
          .append(report.retryable() ? ", retryable" : ", NOT retryable")
          .append(")\n  ")
          .append(p.summary())
          .append('\n');
      p.evidence().forEach(e -> s.append("  - ").append(e).append('\n'));
      for (Diagnosis other : report.others()) {
        s.append("Also: ")
            .append(other.category())
            .append(" (confidence ")
            .append(other.confidence())
            .append(")\n");
        other.evidence().forEach(e -> s.append("  - ").append(e).append('\n'));
      }
      plan.ifPresent(
          pl -> {
            s.append("\nPlan under policy ")
                .append(policy.get().name())
                .append(
                    policy.get().mode() == RemediationPolicy.Mode.ADVISE ? " (advise only)" : "")
                .append(": ")
                .append(pl.decision())
                .append("\n  ")
                .append(pl.reason())
                .append('\n');
            for (SpecChange c : pl.changes()) {
              s.append("  ")
                  .append(c.path())
                  .append(": ")
                  .append(c.from() == null ? "(unset)" : c.from())
                  .append(" → ")
                  .append(c.to())
                  .append("\n    ")
                  .append(c.reason())
                  .append('\n');
            }
          });
      if (plan.isEmpty()) {
        s.append("\n(Give --policy FILE to see the changes a TuningPolicy would make.)\n");
      }
      return s.toString();
    }
  }

  Result run() throws DumpException {
    KubeDump appDump = KubeDump.read(app);
    List<SparkApplication> apps = appDump.ofKind("SparkApplication", SparkApplication.class);
    if (apps.size() != 1) {
      throw new DumpException(
          app
              + ": expected exactly one SparkApplication, found "
              + apps.size()
              + (appDump.kinds().isEmpty()
                  ? ""
                  : " (kinds: " + String.join(", ", appDump.kinds()) + ")"));
    }
    SparkApplication application = apps.get(0);
    if (application.getMetadata() == null || application.getMetadata().getName() == null) {
      throw new DumpException(app + ": the SparkApplication has no metadata.name");
    }
    List<Pod> podList = new ArrayList<>(appDump.ofKind("Pod", Pod.class));
    if (pods != null) {
      podList.addAll(KubeDump.read(pods).ofKind("Pod", Pod.class));
    }
    List<Event> eventList =
        events == null ? List.of() : KubeDump.read(events).ofKind("Event", Event.class);
    List<Node> nodeList =
        nodes == null ? List.of() : KubeDump.read(nodes).ofKind("Node", Node.class);
    int eventCount = eventList.size();
    int nodeCount = nodeList.size();
    String log = driverLog == null ? null : readTail(driverLog);
    NodeFactsReader reader = new NodeFactsReader(capacityTypeLabels);
    Map<String, NodeFacts> nodeFacts = new HashMap<>();
    nodeList.forEach(n -> nodeFacts.put(n.getMetadata().getName(), reader.read(n)));

    SparkSettings settings;
    try {
      settings = ApplicationSettings.of(application);
      settings.containerMemory(SparkRole.EXECUTOR);
      settings.containerMemory(SparkRole.DRIVER);
    } catch (IllegalArgumentException e) {
      throw new DumpException(app + ": unreadable memory setting: " + e.getMessage());
    }
    FailureSignals signals =
        new SignalCollector(
                new TerminationLedger(),
                (ns, pod) -> Optional.ofNullable(log),
                name -> Optional.ofNullable(nodeFacts.get(name)),
                new DumpedEvents(eventList))
            .collect(application, podList)
            .withEventLog(eventLog == null ? null : readEventLog(eventLog));
    DiagnosisReport report = new Diagnoser().diagnose(signals, settings);

    Optional<RemediationPolicy> remediationPolicy = Optional.empty();
    Optional<RemediationPlan> plan = Optional.empty();
    if (policy != null) {
      List<TuningPolicy> policies =
          KubeDump.read(policy).ofKind("TuningPolicy", TuningPolicy.class);
      if (policies.size() != 1) {
        throw new DumpException(
            policy + ": expected exactly one TuningPolicy, found " + policies.size());
      }
      PolicyTranslator.Result translated = PolicyTranslator.translate(policies.get(0));
      if (!translated.valid()) {
        throw new DumpException(
            policy + ": invalid policy: " + String.join("; ", translated.errors()));
      }
      remediationPolicy = Optional.of(translated.policy());
      plan = Optional.of(new Planner().plan(report, settings, translated.policy(), 0));
    }
    return new Result(
        application,
        signals,
        report,
        remediationPolicy,
        plan,
        podList.size(),
        eventCount,
        nodeCount);
  }

  /** Events from a dump, answered the way the operator asks the API server. */
  private record DumpedEvents(List<Event> events) implements ClusterEvents {
    @Override
    public List<ClusterEvent> aboutPods(
        String namespace, String application, Collection<String> pods) {
      return events.stream()
          .filter(e -> e.getInvolvedObject() != null)
          .filter(
              e ->
                  ("Pod".equals(e.getInvolvedObject().getKind())
                          && pods.contains(e.getInvolvedObject().getName()))
                      || ("SparkApplication".equals(e.getInvolvedObject().getKind())
                          && application.equals(e.getInvolvedObject().getName())))
          .map(ClusterEvents::of)
          .toList();
    }

    @Override
    public List<ClusterEvent> aboutNode(String node) {
      return events.stream()
          .filter(e -> e.getInvolvedObject() != null)
          .filter(
              e ->
                  "Node".equals(e.getInvolvedObject().getKind())
                      && node.equals(e.getInvolvedObject().getName()))
          .map(ClusterEvents::of)
          .toList();
    }
  }

  private static EventLogAnalysis readEventLog(String location) throws DumpException {
    try (EventLogSource source =
        new EventLogSources(EventLogSourceSettings.DEFAULTS).open(location)) {
      return source.analyze(new EventLogAnalyzer(), ProgressListener.NONE);
    } catch (EventLogException e) {
      throw new DumpException(e.getMessage());
    }
  }

  private static String readTail(Path file) throws DumpException {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int from = Math.max(0, bytes.length - MAX_LOG_BYTES);
      return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DumpException(file + ": no such file");
    } catch (IOException e) {
      throw new DumpException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
