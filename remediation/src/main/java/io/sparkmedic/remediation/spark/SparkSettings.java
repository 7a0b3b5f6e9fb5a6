package io.sparkmedic.remediation.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmedic.remediation.memory.MemoryAmount;
import io.sparkmedic.remediation.signal.SparkRole;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The resource settings of a Spark application as submitted: the typed {@code spec.driver} / {@code
 * spec.executor} fields and {@code spec.sparkConf}. Resolves what Spark will actually use, with the
 * Spark operator's precedence (typed fields are passed after {@code sparkConf}, and Spark keeps the
 * last {@code --conf} for a key) and Spark's defaults.
 *
 * @param type {@code spec.type} ({@code Java|Scala|Python|R}); null means Scala
 * @param memoryOverheadFactor {@code spec.memoryOverheadFactor}, or null
 * @param sparkConf {@code spec.sparkConf}, never null
 * @param driver {@code spec.driver}
 * @param executor {@code spec.executor}
 * @param dynamicAllocation {@code spec.dynamicAllocation}
 */
public record SparkSettings(
    String type,
    String memoryOverheadFactor,
    Map<String, String> sparkConf,
    PodSettings driver,
    PodSettings executor,
    DynamicAllocation dynamicAllocation) {

  /** Settings without dynamic allocation. */
  public SparkSettings(
      String type,
      String memoryOverheadFactor,
      Map<String, String> sparkConf,
      PodSettings driver,
      PodSettings executor) {
    this(type, memoryOverheadFactor, sparkConf, driver, executor, null);
  }

  /** {@code spec.dynamicAllocation}: when enabled, Spark scales executors between min and max. */
  public record DynamicAllocation(boolean enabled, Integer minExecutors, Integer maxExecutors) {
    public static final DynamicAllocation OFF = new DynamicAllocation(false, null, null);
  }

  /** Spark's default heap for driver and executor when nothing sets it. */
  public static final MemoryAmount DEFAULT_HEAP = MemoryAmount.ofGibibytes(1);

  /** {@code spark.*.minMemoryOverhead}'s default (a constant before Spark 4.0). */
  public static final MemoryAmount DEFAULT_MIN_OVERHEAD = MemoryAmount.ofMebibytes(384);

  public static final double JVM_OVERHEAD_FACTOR = 0.10;
  public static final double NON_JVM_OVERHEAD_FACTOR = 0.40;

  private static final Set<String> NON_JVM_TYPES = Set.of("python", "r");

  public SparkSettings {
    sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
    driver = driver == null ? PodSettings.EMPTY : driver;
    executor = executor == null ? PodSettings.EMPTY : executor;
    dynamicAllocation = dynamicAllocation == null ? DynamicAllocation.OFF : dynamicAllocation;
  }

  /**
   * One of {@code spec.driver} / {@code spec.executor}: memory values as written (Spark strings),
   * and the required node affinity the pods get, as JSON ({@code
   * requiredDuringSchedulingIgnoredDuringExecution}) from the pod template and from the typed
   * {@code affinity} field (which the Spark operator's webhook applies), null where absent.
   */
  public record PodSettings(
      String memory,
      String memoryOverhead,
      Integer cores,
      Integer instances,
      JsonNode templateRequiredAffinity,
      JsonNode requiredAffinity) {
    public static final PodSettings EMPTY = new PodSettings(null, null, null, null);

    public PodSettings(String memory, String memoryOverhead, Integer cores, Integer instances) {
      this(memory, memoryOverhead, cores, instances, null, null);
    }
  }

  /**
   * The executors Spark runs at most: {@code maxExecutors} with dynamic allocation, else instances.
   */
  public int maxExecutors() {
    if (dynamicAllocation.enabled()) {
      Integer max = dynamicAllocation.maxExecutors();
      String conf = sparkConf.get("spark.dynamicAllocation.maxExecutors");
      return max != null
          ? max
          : conf != null ? parseInt(conf, Integer.MAX_VALUE) : Integer.MAX_VALUE;
    }
    if (executor.instances() != null) {
      return executor.instances();
    }
    return parseInt(sparkConf.getOrDefault("spark.executor.instances", "1"), 1);
  }

  /** Driver container + every executor container: the memory one run can hold at most. */
  public MemoryAmount totalMemory() {
    long executors = Math.min(maxExecutors(), 100_000);
    return containerMemory(SparkRole.DRIVER)
        .plus(
            MemoryAmount.ofMebibytes(
                Math.multiplyExact(containerMemory(SparkRole.EXECUTOR).mebibytes(), executors)));
  }

  private static int parseInt(String s, int fallback) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A resolved memory setting and where its value came from, for evidence and reasons. */
  public record Resolved(MemoryAmount amount, String source, boolean explicit) {}

  public PodSettings pod(SparkRole role) {
    return role == SparkRole.DRIVER ? driver : executor;
  }

  /** Python and R applications: their overhead default is 40% rather than 10%. */
  public boolean nonJvm() {
    return type != null && NON_JVM_TYPES.contains(type.toLowerCase(Locale.ROOT));
  }

  /** The heap ({@code spark.<role>.memory}) Spark uses for this role. */
  public Resolved heap(SparkRole role) {
    String typed = pod(role).memory();
    if (typed != null) {
      return new Resolved(MemoryAmount.parse(typed), "spec." + role.specField() + ".memory", true);
    }
    String key = "spark." + role.specField() + ".memory";
    String conf = sparkConf.get(key);
    if (conf != null) {
      return new Resolved(MemoryAmount.parse(conf), "sparkConf " + key, true);
    }
    return new Resolved(DEFAULT_HEAP, "Spark's default", false);
  }

  /**
   * The memory overhead Spark adds to the heap for this role's container: set explicitly, or {@code
   * max(factor × heap, minMemoryOverhead)}.
   */
  public Resolved overhead(SparkRole role) {
    String typed = pod(role).memoryOverhead();
    if (typed != null) {
      return new Resolved(
          MemoryAmount.parse(typed), "spec." + role.specField() + ".memoryOverhead", true);
    }
    String key = "spark." + role.specField() + ".memoryOverhead";
    String conf = sparkConf.get(key);
    if (conf != null) {
      return new Resolved(MemoryAmount.parse(conf), "sparkConf " + key, true);
    }
    MemoryAmount heap = heap(role).amount();
    double factor = overheadFactor(role);
    MemoryAmount minimum = minOverhead(role);
    MemoryAmount derived = heap.timesRoundedDown(factor).max(minimum);
    return new Resolved(
        derived,
        String.format(
            Locale.ROOT,
            "Spark's default max(%s × %s, %s)",
            formatFactor(factor),
            heap.toSparkString(),
            minimum.toSparkString()),
        false);
  }

  /** Heap plus overhead: the memory the role's container is sized (and limited) to. */
  public MemoryAmount containerMemory(SparkRole role) {
    return heap(role).amount().plus(overhead(role).amount());
  }

  /** The overhead factor Spark applies for this role when no overhead is set. */
  public double overheadFactor(SparkRole role) {
    String perRole = sparkConf.get("spark." + role.specField() + ".memoryOverheadFactor");
    String legacy =
        memoryOverheadFactor != null
            ? memoryOverheadFactor
            : sparkConf.get("spark.kubernetes.memoryOverheadFactor");
    for (String candidate : new String[] {perRole, legacy}) {
      if (candidate != null) {
        try {
          double value = Double.parseDouble(candidate.trim());
          if (value > 0 && value < 100) {
            return value;
          }
        } catch (NumberFormatException ignored) {
          // Spark itself would reject the value; fall back to its default like an unset key.
        }
      }
    }
    return nonJvm() ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR;
  }

  private MemoryAmount minOverhead(SparkRole role) {
    String conf = sparkConf.get("spark." + role.specField() + ".minMemoryOverhead");
    return conf == null ? DEFAULT_MIN_OVERHEAD : MemoryAmount.parse(conf);
  }

  private static String formatFactor(double factor) {
    return String.format(Locale.ROOT, "%.2f", factor);
  }
}
