package io.sparkmedic.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The Spark job of one simulated run, planned task by task on the run's executors: what its event
 * log ({@link SparkEventLog}) records, and where a skewed partition strikes.
 *
 * <p>Every run executes the same query: a sort-merge join of a large fact table with a small
 * dimension table on {@code key}, written as Parquet. Two map stages of {@value
 * #MAP_TASKS_PER_SIDE} balanced tasks scan and shuffle the two sides; the join stage then has one
 * task per shuffle partition ({@code spark.sql.shuffle.partitions}, Spark's default 200), at most
 * {@value #MAX_JOIN_TASKS} so that the log stays small. A partition holds about {@value
 * #MEDIAN_PARTITION_BYTES} bytes and {@value #MEDIAN_PARTITION_RECORDS} records (the real {@code
 * skewed-join-noaqe} log's median); with skew, partition {@value #HOT_PARTITION} (modulo the
 * partition count) holds skew × that. Tasks run in partition order on the first free core of the
 * executors (cores taken executor by executor, so that the first tasks spread over all executors),
 * each for a time proportional to its bytes. Everything is scaled to the run's runtime {@code R}:
 *
 * <ul>
 *   <li>0: the application starts; 0.02 R: the executors register;
 *   <li>0.11 R: the SQL execution starts (after a code bug's 10%: an {@code AnalysisException}
 *       strikes before any job);
 *   <li>0.12–0.26 R: the map stages; 0.28–0.95 R: the join stage; 0.955 R: the job ends; 0.96 R:
 *       the SQL execution ends.
 * </ul>
 *
 * With AQE's skew join in effect ({@link #skewJoinApplies}) the plan is Spark's adaptive one, as in
 * the real {@code skewed-join-aqe-remedy} log: the map stages run as jobs 0 and 1, the final plan
 * reads {@code SortMergeJoin(skew=true)}, and job 2 runs the join as stage 4 (its copies of the map
 * stages, 2 and 3, skipped) in balanced tasks: the hot partition split, the small ones coalesced.
 * Otherwise it is the static plan of the real {@code skewed-join-noaqe} log: one job of stages 0, 1
 * and the join, 2. AQE's partition coalescing without skew join is not simulated.
 */
final class SparkJobPlan {

  static final int MAX_JOIN_TASKS = 64;
  static final int MAP_TASKS_PER_SIDE = 4;
  static final long MEDIAN_PARTITION_BYTES = 251_650;
  static final long MEDIAN_PARTITION_RECORDS = 24_953;
  static final int HOT_PARTITION = 29;
  static final int DEFAULT_SHUFFLE_PARTITIONS = 200;

  static final double EXECUTORS_AT = 0.02;
  static final double QUERY_AT = 0.11;
  static final double MAP_START = 0.12;
  static final double MAP_END = 0.26;
  static final double FINAL_PLAN_AT = 0.27;
  static final double JOIN_START = 0.28;
  static final double JOIN_END = 0.95;
  static final double JOB_END = 0.955;
  static final double QUERY_END = 0.96;

  /** Where in the runtime an unsplit hot partition runs its executor out of heap. */
  static final double SKEW_FAILURE_POINT = 0.5;

  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  static final String AQE = "spark.sql.adaptive.enabled";
  static final String AQE_SKEW_JOIN = "spark.sql.adaptive.skewJoin.enabled";

  /** An executor of the run: Spark's executor id and its pod's address. */
  record Executor(String id, String host, int cores) {}

  /** An RDD of a stage, with the name of the operator scope that created it. */
  record Rdd(int id, String name, String scope, List<Integer> parentIds) {}

  /** One task attempt as planned; times are milliseconds since the application started. */
  static final class Task {
    final Stage stage;
    final int index;
    long tid;
    Executor executor;
    long launch;
    long finish;
    long inputBytes;
    long inputRecords;
    long readBytes;
    long readRecords;
    long writeBytes;
    long writeRecords;
    long outputBytes;
    long outputRecords;
    boolean hot;

    Task(Stage stage, int index) {
      this.stage = stage;
      this.index = index;
    }

    boolean runningAt(long t) {
      return launch <= t && t < finish;
    }

    long duration() {
      return finish - launch;
    }
  }

  /** A stage: its tasks, or none when it is skipped (its output is reused). */
  static final class Stage {
    final int id;
    final boolean shuffleMap;
    final List<Integer> parentIds;
    final List<Rdd> rdds;
    final int numTasks;
    final boolean skipped;
    final List<Task> tasks = new ArrayList<>();
    long submitted = -1;
    long completed = -1;

    Stage(
        int id,
        boolean shuffleMap,
        List<Integer> parentIds,
        List<Rdd> rdds,
        int numTasks,
        boolean skipped) {
      this.id = id;
      this.shuffleMap = shuffleMap;
      this.parentIds = List.copyOf(parentIds);
      this.rdds = List.copyOf(rdds);
      this.numTasks = numTasks;
      this.skipped = skipped;
    }

    boolean runningAt(long t) {
      return !skipped && submitted <= t && t < completed;
    }
  }

  /** A job: the stages it lists (skipped ones included), and when it ran. */
  record Job(int id, long submitted, long ended, List<Stage> stages) {}

  final long runtimeMs;
  final double skew;
  final boolean adaptive;
  final int shufflePartitions;
  final List<Executor> executors;
  final List<Job> jobs;
  final List<Stage> stages;
  final Stage joinStage;

  /** The unsplit hot partition's task, or null (no skew, or AQE split it). */
  final Task hot;

  private SparkJobPlan(
      long runtimeMs,
      double skew,
      boolean adaptive,
      int shufflePartitions,
      List<Executor> executors,
      List<Job> jobs,
      List<Stage> stages,
      Stage joinStage,
      Task hot) {
    this.runtimeMs = runtimeMs;
    this.skew = skew;
    this.adaptive = adaptive;
    this.shufflePartitions = shufflePartitions;
    this.executors = List.copyOf(executors);
    this.jobs = List.copyOf(jobs);
    this.stages = List.copyOf(stages);
    this.joinStage = joinStage;
    this.hot = hot;
  }

  /**
   * Whether AQE's skew join splits the hot partition: {@code spark.sql.adaptive.enabled} is not
   * {@code false} and {@code spark.sql.adaptive.skewJoin.enabled} is set to {@code true} (Spark 3.5
   * turns it on by default; the simulator's platform turns it off unless the application asks).
   */
  static boolean skewJoinApplies(Map<String, String> conf) {
    return !"false".equals(normalized(conf.get(AQE)))
        && "true".equals(normalized(conf.get(AQE_SKEW_JOIN)));
  }

  /** {@code spark.sql.shuffle.partitions}, or Spark's 200 when absent or not a positive number. */
  static int shufflePartitions(Map<String, String> conf) {
    String value = conf.get(SHUFFLE_PARTITIONS);
    try {
      int n = value == null ? DEFAULT_SHUFFLE_PARTITIONS : Integer.parseInt(value.trim());
      return n > 0 ? n : DEFAULT_SHUFFLE_PARTITIONS;
    } catch (NumberFormatException e) {
      return DEFAULT_SHUFFLE_PARTITIONS;
    }
  }

  private static String normalized(String value) {
    return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Plans a run. {@code seed} (the Spark application id) makes the small differences between
   * partitions repeatable.
   */
  static SparkJobPlan plan(
      String seed,
      long runtimeMs,
      List<Executor> executors,
      int shufflePartitions,
      double skew,
      boolean skewJoin) {
    if (executors.isEmpty()) {
      throw new IllegalArgumentException("a run has at least one executor");
    }
    Random random = new Random(seed.hashCode());
    int partitions = Math.max(1, Math.min(shufflePartitions, MAX_JOIN_TASKS));
    int hotIndex = skew > 0 ? HOT_PARTITION % partitions : -1;

    // The join's partitions as the map side writes them.
    long[] bytes = new long[partitions];
    long[] records = new long[partitions];
    for (int i = 0; i < partitions; i++) {
      double jitter = 1 + (random.nextDouble() - 0.5) * 0.03;
      bytes[i] = Math.round(MEDIAN_PARTITION_BYTES * jitter);
      records[i] =
          Math.round(MEDIAN_PARTITION_RECORDS * (jitter + (random.nextDouble() - 0.5) * 0.004));
    }
    if (hotIndex >= 0) {
      bytes[hotIndex] = Math.round(MEDIAN_PARTITION_BYTES * skew);
      records[hotIndex] = Math.round(MEDIAN_PARTITION_RECORDS * skew);
    }
    long totalBytes = sum(bytes);
    long totalRecords = sum(records);

    boolean adaptive = skewJoin;
    List<Stage> stages = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    Stage fact = new Stage(0, true, List.of(), mapRdds(0, 1), MAP_TASKS_PER_SIDE, false);
    Stage dim =
        new Stage(1, true, List.of(), mapRdds(4, adaptive ? 2 : 3), MAP_TASKS_PER_SIDE, false);
    stages.add(fact);
    stages.add(dim);

    // Map side: 90% of the join's data is the fact table's.
    long factBytes = Math.round(totalBytes * 0.9);
    long factRecords = Math.round(totalRecords * 0.9);
    fillMapTasks(fact, factBytes, factRecords, random);
    fillMapTasks(dim, totalBytes - factBytes, totalRecords - factRecords, random);
    List<Task> mapTasks = new ArrayList<>(fact.tasks);
    mapTasks.addAll(dim.tasks);
    schedule(mapTasks, executors, at(runtimeMs, MAP_START), at(runtimeMs, MAP_END));
    finish(fact, at(runtimeMs, MAP_START));
    finish(dim, at(runtimeMs, MAP_START));

    Stage join;
    Task hot = null;
    if (adaptive) {
      int slots = executors.stream().mapToInt(Executor::cores).sum();
      int tasks = Math.max(1, Math.min(partitions, Math.max(8, 2 * slots)));
      join = new Stage(4, false, List.of(2, 3), joinRdds(true), tasks, false);
      for (int i = 0; i < tasks; i++) {
        double jitter = 1 + (random.nextDouble() - 0.5) * 0.004;
        Task t = new Task(join, i);
        t.readBytes = Math.round(totalBytes / (double) tasks * jitter);
        t.readRecords = Math.round(totalRecords / (double) tasks * jitter);
        join.tasks.add(t);
      }
      Stage factAgain = new Stage(2, true, List.of(), fact.rdds, MAP_TASKS_PER_SIDE, true);
      Stage dimAgain = new Stage(3, true, List.of(), dim.rdds, MAP_TASKS_PER_SIDE, true);
      stages.add(factAgain);
      stages.add(dimAgain);
      stages.add(join);
      jobs.add(new Job(0, fact.submitted, fact.completed + 4, List.of(fact)));
      jobs.add(new Job(1, dim.submitted, dim.completed + 4, List.of(dim)));
      schedule(join.tasks, executors, at(runtimeMs, JOIN_START), at(runtimeMs, JOIN_END));
      finish(join, at(runtimeMs, JOIN_START));
      jobs.add(
          new Job(
              2,
              at(runtimeMs, JOIN_START),
              at(runtimeMs, JOB_END),
              List.of(factAgain, dimAgain, join)));
    } else {
      join = new Stage(2, false, List.of(0, 1), joinRdds(false), partitions, false);
      for (int i = 0; i < partitions; i++) {
        Task t = new Task(join, i);
        t.readBytes = bytes[i];
        t.readRecords = records[i];
        t.hot = i == hotIndex;
        join.tasks.add(t);
        if (t.hot) {
          hot = t;
        }
      }
      stages.add(join);
      schedule(join.tasks, executors, at(runtimeMs, JOIN_START), at(runtimeMs, JOIN_END));
      finish(join, at(runtimeMs, JOIN_START));
      jobs.add(
          new Job(0, at(runtimeMs, MAP_START), at(runtimeMs, JOB_END), List.of(fact, dim, join)));
    }
    for (Task t : join.tasks) {
      t.outputBytes = Math.round(t.readBytes * 0.55);
      t.outputRecords = Math.round(t.readRecords * 0.9);
    }
    assignTaskIds(stages);
    return new SparkJobPlan(
        runtimeMs,
        skew,
        adaptive,
        Math.max(1, shufflePartitions),
        executors,
        jobs,
        stages,
        join,
        hot);
  }

  /** Milliseconds since the application started at this fraction of the runtime. */
  static long at(long runtimeMs, double fraction) {
    return Math.round(runtimeMs * fraction);
  }

  long at(double fraction) {
    return at(runtimeMs, fraction);
  }

  /**
   * When the unsplit hot partition runs its executor out of heap: at {@value #SKEW_FAILURE_POINT}
   * of the runtime, or while it runs if it starts later or ends sooner.
   */
  long hotFailureAt() {
    if (hot == null) {
      throw new IllegalStateException("no hot partition");
    }
    long target = at(SKEW_FAILURE_POINT);
    long latest = Math.max(hot.launch, hot.finish - 1);
    return Math.max(hot.launch, Math.min(target, latest));
  }

  /** The tasks of run stages that run at {@code t} and match, in launch order. */
  List<Task> runningAt(long t, Predicate<Task> filter) {
    List<Task> out = new ArrayList<>();
    for (Stage s : stages) {
      for (Task task : s.tasks) {
        if (task.runningAt(t) && filter.test(task)) {
          out.add(task);
        }
      }
    }
    out.sort(Comparator.comparingLong((Task task) -> task.launch).thenComparingInt(x -> x.index));
    return out;
  }

  // ---- building ----

  private static void fillMapTasks(Stage stage, long bytes, long records, Random random) {
    long bytesLeft = bytes;
    long recordsLeft = records;
    for (int i = 0; i < stage.numTasks; i++) {
      Task t = new Task(stage, i);
      int remaining = stage.numTasks - i;
      double jitter = remaining == 1 ? 1 : 1 + (random.nextDouble() - 0.5) * 0.01;
      t.writeBytes =
          remaining == 1 ? bytesLeft : Math.round(bytesLeft / (double) remaining * jitter);
      t.writeRecords =
          remaining == 1 ? recordsLeft : Math.round(recordsLeft / (double) remaining * jitter);
      bytesLeft -= t.writeBytes;
      recordsLeft -= t.writeRecords;
      // Parquet on S3 compresses the rows to about 42% of their shuffle size.
      t.inputBytes = Math.round(t.writeBytes * 0.42);
      t.inputRecords = t.writeRecords;
      stage.tasks.add(t);
    }
  }

  /**
   * List scheduling: each task in order on the core that frees first, for a time proportional to
   * its data; then everything scaled so that the last task ends at {@code end}.
   */
  private static void schedule(List<Task> tasks, List<Executor> executors, long start, long end) {
    List<Executor> slots = new ArrayList<>();
    int maxCores = executors.stream().mapToInt(Executor::cores).max().orElse(1);
    for (int core = 0; core < maxCores; core++) {
      for (Executor e : executors) {
        if (e.cores() > core) {
          slots.add(e);
        }
      }
    }
    double[] free = new double[slots.size()];
    double[] launch = new double[tasks.size()];
    double[] weight = new double[tasks.size()];
    int[] slotOf = new int[tasks.size()];
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      weight[i] = Math.max(1, t.stage.shuffleMap ? t.writeBytes : t.readBytes);
      int best = 0;
      for (int s = 1; s < free.length; s++) {
        if (free[s] < free[best]) {
          best = s;
        }
      }
      launch[i] = free[best];
      free[best] += weight[i];
      slotOf[i] = best;
    }
    double makespan = 0;
    for (double f : free) {
      makespan = Math.max(makespan, f);
    }
    double scale = makespan > 0 ? Math.max(0, end - start) / makespan : 0;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      t.executor = slots.get(slotOf[i]);
      t.launch = start + Math.round(launch[i] * scale);
      t.finish = Math.max(t.launch + 1, start + Math.round((launch[i] + weight[i]) * scale));
    }
  }

  private static void finish(Stage stage, long submitted) {
    stage.submitted = submitted;
    long last = submitted;
    for (Task t : stage.tasks) {
      last = Math.max(last, t.finish);
    }
    stage.completed = last + 3;
  }

  /** Spark numbers task attempts as it launches them. */
  private static void assignTaskIds(List<Stage> stages) {
    List<Task> all = new ArrayList<>();
    for (Stage s : stages) {
      all.addAll(s.tasks);
    }
    all.sort(
        Comparator.comparingLong((Task t) -> t.launch)
            .thenComparingInt(t -> t.stage.id)
            .thenComparingInt(t -> t.index));
    long tid = 0;
    for (Task t : all) {
      t.tid = tid++;
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }

  /** A map stage's RDDs: the Parquet scan and filter in one codegen stage, then the exchange. */
  private static List<Rdd> mapRdds(int firstId, int codegen) {
    String stage = "WholeStageCodegen (" + codegen + ")";
    return List.of(
        new Rdd(firstId + 3, "MapPartitionsRDD", "Exchange", List.of(firstId + 2)),
        new Rdd(firstId, "FileScanRDD", stage, List.of()),
        new Rdd(firstId + 1, "MapPartitionsRDD", stage, List.of(firstId)),
        new Rdd(firstId + 2, "MapPartitionsRDD", stage, List.of(firstId + 1)));
  }

  /**
   * The join stage's RDDs: the two shuffle reads, each side's sort, and the join with its project
   * in codegen stage 5. AQE reads the shuffles through {@code AQEShuffleRead}; its final plan
   * numbers the sorts 3 and 4, the static plan 2 and 4.
   */
  private static List<Rdd> joinRdds(boolean adaptive) {
    String read = adaptive ? "AQEShuffleRead" : "Exchange";
    String leftSort = "WholeStageCodegen (" + (adaptive ? 3 : 2) + ")";
    return List.of(
        new Rdd(13, "MapPartitionsRDD", "WholeStageCodegen (5)", List.of(12)),
        new Rdd(9, "MapPartitionsRDD", leftSort, List.of(8)),
        new Rdd(12, "ZippedPartitionsRDD2", "WholeStageCodegen (5)", List.of(9, 11)),
        new Rdd(10, "ShuffledRowRDD", read, List.of(7)),
        new Rdd(11, "MapPartitionsRDD", "WholeStageCodegen (4)", List.of(10)),
        new Rdd(8, "ShuffledRowRDD", read, List.of(3)));
  }
}
