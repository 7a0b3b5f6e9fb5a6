package io.sparkmedic.operator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.finding.Finding;
import io.sparkmedic.remediation.eventlog.finding.Recommendation;
import io.sparkmedic.remediation.eventlog.finding.StageSkew;
import io.sparkmedic.remediation.eventlog.model.ApplicationInfo;
import io.sparkmedic.remediation.eventlog.model.ClusterShape;
import io.sparkmedic.remediation.eventlog.model.Distribution;
import io.sparkmedic.remediation.eventlog.model.ExecutorSpan;
import io.sparkmedic.remediation.eventlog.model.InputStats;
import io.sparkmedic.remediation.eventlog.model.PlanOperator;
import io.sparkmedic.remediation.eventlog.model.StageSummary;
import io.sparkmedic.remediation.eventlog.model.TaskFailures;
import io.sparkmedic.remediation.eventlog.model.TaskMetric;
import io.sparkmedic.remediation.eventlog.model.TaskRef;
import io.sparkmedic.remediation.eventlog.whatif.WhatIf;
import io.sparkmedic.remediation.eventlog.whatif.WhatIfReport;

/**
 * {@code sparkmedic analyze -o json}: the analysis for machines. Keys are stable: {@code
 * application}, {@code input}, {@code cluster}, {@code executors[]}, {@code stages[]} (with {@code
 * stageId}, {@code attemptId}, {@code numTasks} and {@code distributions}), {@code findings[]}
 * (with {@code type}, {@code severity}, {@code stageIds}, {@code evidence[]}) and {@code whatIf[]}.
 * Times are epoch milliseconds, durations milliseconds, sizes bytes.
 */
final class AnalysisJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AnalysisJson() {}

  static ObjectNode of(EventLogAnalysis a) {
    ObjectNode root = F.objectNode();
    root.set("application", application(a.application()));
    root.set("input", input(a.input()));
    root.set("cluster", cluster(a.model().cluster()));
    ArrayNode executors = root.putArray("executors");
    a.model().executors().forEach(e -> executors.add(executor(e)));
    ArrayNode stages = root.putArray("stages");
    a.stages().forEach(s -> stages.add(stage(s)));
    ArrayNode findings = root.putArray("findings");
    a.findings().forEach(f -> findings.add(finding(f)));
    root.set("whatIf", whatIf(a.whatIf()));
    root.set("whatIfModel", whatIfModel(a.whatIf()));
    return root;
  }

  private static ObjectNode application(ApplicationInfo app) {
    ObjectNode n = F.objectNode();
    n.put("id", app.id());
    n.put("attemptId", app.attemptId());
    n.put("name", app.name());
    n.put("user", app.user());
    n.put("sparkVersion", app.sparkVersion());
    n.put("startTime", app.startTime());
    n.put("endTime", app.endTime());
    n.put("durationMs", app.durationMs());
    n.put("ended", app.ended());
    ObjectNode jobs = n.putObject("jobs");
    jobs.put("succeeded", app.jobsSucceeded());
    jobs.put("failed", app.jobsFailed());
    jobs.put("running", app.jobsRunning());
    n.put("sqlExecutions", app.sqlExecutions());
    n.put("stagesSkipped", app.stagesSkipped());
    ObjectNode props = n.putObject("sparkProperties");
    app.sparkProperties().forEach(props::put);
    return n;
  }

  private static ObjectNode input(InputStats in) {
    ObjectNode n = F.objectNode();
    n.put("location", in.location());
    n.put("files", in.files());
    n.put("storedBytes", in.storedBytes());
    n.put("decodedBytes", in.decodedBytes());
    n.put("events", in.events());
    n.put("ignoredEvents", in.ignoredEvents());
    n.put("malformedLines", in.malformedLines());
    n.put("truncatedLastLine", in.truncatedLastLine());
    n.put("truncation", in.truncation());
    n.put("inProgress", in.inProgress());
    return n;
  }

  private static ObjectNode cluster(ClusterShape c) {
    ObjectNode n = F.objectNode();
    n.put("peakExecutors", c.peakExecutors());
    n.put("executorsAdded", c.executorsAdded());
    n.put("executorsRemoved", c.executorsRemoved());
    n.put("coresPerExecutor", c.coresPerExecutor());
    n.put("taskCpus", c.taskCpus());
    n.put("unifiedMemoryPerExecutorBytes", c.unifiedMemoryPerExecutor());
    return n;
  }

  private static ObjectNode executor(ExecutorSpan e) {
    ObjectNode n = F.objectNode();
    n.put("id", e.id());
    n.put("host", e.host());
    n.put("cores", e.cores());
    n.put("addedTime", e.addedTime());
    if (e.removedTime() >= 0) {
      n.put("removedTime", e.removedTime());
      n.put("removedReason", e.removedReason());
    }
    n.put("tasks", e.tasks());
    n.put("taskTimeMs", e.taskTimeMs());
    return n;
  }

  private static ObjectNode stage(StageSummary s) {
    ObjectNode n = F.objectNode();
    n.put("stageId", s.stageId());
    n.put("attemptId", s.attemptId());
    n.put("name", s.name());
    n.put("status", s.status().name());
    n.put("numTasks", s.numTasks());
    ObjectNode tasks = n.putObject("tasks");
    tasks.put("succeeded", s.tasks().succeeded());
    tasks.put("failed", s.tasks().failed());
    tasks.put("killed", s.tasks().killed());
    tasks.put("running", s.tasks().running());
    tasks.put("speculative", s.tasks().speculative());
    n.put("submissionTime", s.submissionTime());
    n.put("completionTime", s.completionTime());
    n.put("wallTimeMs", s.wallTimeMs());
    n.put("failureReason", s.failureReason());
    if (s.sqlExecutionId() >= 0) {
      n.put("sqlExecutionId", s.sqlExecutionId());
    }
    ArrayNode parents = n.putArray("parentIds");
    s.parentIds().forEach(parents::add);
    ObjectNode d = n.putObject("distributions");
    for (TaskMetric m : TaskMetric.values()) {
      d.set(m.jsonName(), distribution(s.distribution(m)));
    }
    if (s.largestTask() != null) {
      n.set("largestTask", task(s.largestTask()));
    }
    ArrayNode failures = n.putArray("failures");
    for (TaskFailures f : s.failures()) {
      ObjectNode fn = failures.addObject();
      fn.put("reason", f.reason());
      fn.put("detail", f.detail());
      fn.put("example", f.example());
      fn.put("failed", f.failed());
      fn.put("count", f.count());
      ArrayNode p = fn.putArray("partitions");
      f.partitions().forEach(p::add);
      ArrayNode e = fn.putArray("executors");
      f.executors().forEach(e::add);
    }
    ArrayNode ops = n.putArray("operators");
    for (PlanOperator o : s.operators()) {
      ObjectNode on = ops.addObject();
      on.put("name", o.name());
      ArrayNode k = on.putArray("keys");
      o.keys().forEach(k::add);
      ArrayNode ok = on.putArray("otherKeys");
      o.otherKeys().forEach(ok::add);
    }
    return n;
  }

  private static ObjectNode distribution(Distribution d) {
    ObjectNode n = F.objectNode();
    n.put("count", d.count());
    n.put("min", d.min());
    n.put("median", d.median());
    n.put("p75", d.p75());
    n.put("p95", d.p95());
    n.put("max", d.max());
    n.put("total", d.total());
    return n;
  }

  private static ObjectNode task(TaskRef t) {
    ObjectNode n = F.objectNode();
    n.put("taskId", t.taskId());
    n.put("partitionId", t.partitionId());
    n.put("attempt", t.attempt());
    n.put("executorId", t.executorId());
    n.put("launchTime", t.launchTime());
    n.put("durationMs", t.durationMs());
    n.put("bytesRead", t.dataBytes());
    n.put("recordsRead", t.records());
    return n;
  }

  private static ObjectNode finding(Finding f) {
    ObjectNode n = F.objectNode();
    n.put("type", f.type().name());
    n.put("severity", f.severity().name());
    ArrayNode ids = n.putArray("stageIds");
    f.stageIds().forEach(ids::add);
    n.put("summary", f.summary());
    ArrayNode evidence = n.putArray("evidence");
    f.evidence().forEach(evidence::add);
    ArrayNode recs = n.putArray("recommendations");
    for (Recommendation r : f.recommendations()) {
      ObjectNode rn = recs.addObject();
      rn.put("action", r.action());
      ObjectNode conf = rn.putObject("sparkConf");
      r.sparkConf().forEach(conf::put);
      rn.put("expectedImpact", r.expectedImpact());
    }
    if (f.skew() != null) {
      n.set("skew", skew(f.skew()));
    }
    return n;
  }

  private static ObjectNode skew(StageSkew k) {
    ObjectNode n = F.objectNode();
    n.put("stageId", k.stageId());
    n.put("attemptId", k.attemptId());
    n.put("taskCount", k.taskCount());
    n.put("measure", k.measure().name());
    n.put("medianBytes", k.medianBytes());
    n.put("p75Bytes", k.p75Bytes());
    n.put("maxBytes", k.maxBytes());
    n.put("bytesRatio", round(k.bytesRatio()));
    n.put("medianRecords", k.medianRecords());
    n.put("maxRecords", k.maxRecords());
    n.put("stragglerPartition", k.stragglerPartition());
    n.put("stragglerTaskId", k.stragglerTaskId());
    n.put("stragglerExecutorId", k.stragglerExecutorId());
    n.put("stragglerFailed", k.stragglerFailed());
    n.put("stragglerFailure", k.stragglerFailure());
    n.put("stragglerDurationMs", k.stragglerDurationMs());
    n.put("medianDurationMs", k.medianDurationMs());
    n.put("stageWallTimeMs", k.stageWallTimeMs());
    n.put("stragglerShareOfWallTime", round(k.stragglerShareOfWallTime()));
    n.put("tailMs", k.tailMs());
    ArrayNode joins = n.putArray("joinKeys");
    k.joinKeys().forEach(joins::add);
    ArrayNode groups = n.putArray("groupingKeys");
    k.groupingKeys().forEach(groups::add);
    return n;
  }

  private static ArrayNode whatIf(WhatIfReport w) {
    ArrayNode a = F.arrayNode();
    for (WhatIf p : w.points()) {
      ObjectNode n = a.addObject();
      n.put("executors", p.executors());
      n.put("slots", p.slots());
      n.put("predictedMs", p.predictedMs());
      n.put("observed", p.observed());
    }
    return a;
  }

  private static ObjectNode whatIfModel(WhatIfReport w) {
    ObjectNode n = F.objectNode();
    n.put("actualMs", w.actualMs());
    n.put("executors", w.executors());
    n.put("slotsPerExecutor", w.slotsPerExecutor());
    n.put("driverMs", w.driverMs());
    n.put("minimumMs", w.minimumMs());
    return n;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : -1;
  }
}
