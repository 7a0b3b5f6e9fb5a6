package io.sparkmedic.remediation.diagnosis;

import static io.sparkmedic.remediation.diagnosis.DiagnosisContext.plural;

import io.sparkmedic.remediation.signal.ContainerTermination;
import io.sparkmedic.remediation.signal.ContainerWaiting;
import io.sparkmedic.remediation.signal.DriverLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Causes in the job's code, its data volume, the services it calls, and its submission. What ended
 * the run is read from the run-ending exception's root cause: a transient error that was retried
 * earlier in the log is not the cause of a later code error.
 */
final class ApplicationRules {

  /** Exceptions that say the code or the query is wrong: another run fails the same way. */
  private static final Set<String> USER_ERRORS =
      Set.of(
          "AnalysisException",
          "ParseException",
          "ClassNotFoundException",
          "NoClassDefFoundError",
          "NoSuchMethodError",
          "NoSuchMethodException",
          "NoSuchFieldError",
          "AbstractMethodError",
          "IncompatibleClassChangeError",
          "ClassCastException",
          "NullPointerException",
          "IllegalArgumentException",
          "IllegalStateException",
          "NumberFormatException",
          "ArithmeticException",
          "ArrayIndexOutOfBoundsException",
          "IndexOutOfBoundsException",
          "StringIndexOutOfBoundsException",
          "UnsupportedOperationException",
          "FileNotFoundException",
          "SparkNumberFormatException",
          "SparkArithmeticException",
          "SparkDateTimeException",
          "SparkUpgradeException",
          "SparkIllegalArgumentException",
          "SparkUnsupportedOperationException",
          "ValueError",
          "TypeError",
          "KeyError",
          "NameError",
          "AttributeError",
          "ZeroDivisionError",
          "AssertionError",
          "ImportError",
          "ModuleNotFoundError",
          "IndexError");

  /** Namespaces whose exceptions are Spark's, the JVM's or a client library's, not the user's. */
  private static final List<String> PLATFORM_PACKAGES =
      List.of(
          "java.",
          "javax.",
          "scala.",
          "org.apache.",
          "com.amazonaws.",
          "software.amazon.",
          "io.netty.",
          "com.google.",
          "py4j.",
          "com.fasterxml.",
          "org.slf4j.");

  private static final Pattern TRANSIENT_TEXT =
      Pattern.compile(
          "Status Code: 5\\d\\d|StatusCode: 5\\d\\d|status code 5\\d\\d|\\b50[234]\\b|SlowDown|reduce your request rate"
              + "|Throttl|Rate exceeded|TooManyRequests|Connection reset|Read timed out|Connect timed out"
              + "|connection timed out|Timeout waiting for connection"
              + "|Unable to execute HTTP request|UnknownHostException|Connection refused|InternalError",
          Pattern.CASE_INSENSITIVE);

  private static final Set<String> TRANSIENT_CLASSES =
      Set.of(
          "SocketTimeoutException",
          "ConnectException",
          "ConnectTimeoutException",
          "UnknownHostException",
          "NoHttpResponseException",
          "SdkClientException",
          "SocketException",
          "SSLException",
          "EOFException");

  private ApplicationRules() {}

  /** How the run-ending exception reads. */
  enum RunEnd {
    USER,
    TRANSIENT,
    MEMORY,
    FETCH,
    EXECUTOR_LOST,
    OTHER
  }

  static RunEnd classify(DriverLog.RunException e) {
    if (e == null) {
      return RunEnd.OTHER;
    }
    String root = e.rootSimpleName();
    String text = e.rootClassName() + ": " + e.rootMessage();
    if (root.equals("OutOfMemoryError") || root.equals("SparkOutOfMemoryError")) {
      return RunEnd.MEMORY;
    }
    if (root.contains("FetchFailed") || text.contains("Missing an output location for shuffle")) {
      return RunEnd.FETCH;
    }
    if (root.equals("ExecutorLostFailure")
        || text.contains("ExecutorLostFailure")
        || text.contains("Max number of executor failures")) {
      return RunEnd.EXECUTOR_LOST;
    }
    if (TRANSIENT_CLASSES.contains(root)
        || (TRANSIENT_TEXT.matcher(text).find() && !USER_ERRORS.contains(root))) {
      return RunEnd.TRANSIENT;
    }
    if (USER_ERRORS.contains(root) || isUserClass(e.rootClassName())) {
      return RunEnd.USER;
    }
    return RunEnd.OTHER;
  }

  /** An exception class from the application's own packages (com.example.etl.BadInputException). */
  private static boolean isUserClass(String className) {
    return className.contains(".")
        && PLATFORM_PACKAGES.stream().noneMatch(className::startsWith)
        && (className.endsWith("Exception") || className.endsWith("Error"));
  }

  static Optional<Found> userCodeError(DiagnosisContext c) {
    DriverLog.RunException e = c.log.runException();
    boolean classNotFound = c.driverExit.exitedWith(101);
    if (classify(e) != RunEnd.USER && !classNotFound) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (e != null && classify(e) == RunEnd.USER) {
      evidence.add("The run ended with " + e.describeRoot() + ".");
      if (!e.rootClassName().equals(e.className())) {
        evidence.add("It surfaced in the driver as " + e.className() + ".");
      }
    }
    if (classNotFound) {
      evidence.add("The driver exited with code 101, Spark's exit code for a class not found.");
    }
    long resourceLosses =
        c.signals.terminationsOf(io.sparkmedic.remediation.signal.SparkRole.EXECUTOR).stream()
            .filter(t -> t.oomKilled() || t.exitedWith(Diagnoser.SPARK_OOM_EXIT))
            .count();
    evidence.add(
        resourceLosses == 0
            ? "No executor ran out of memory and no node was lost: no resource change can fix this."
            : resourceLosses
                + " executor(s) also ran out of memory, but the run ended on the code error.");
    if (c.log.transientErrors().count() > 0) {
      evidence.add(
          plural(c.log.transientErrors().count(), "transient error line")
              + " earlier in the log (first: \""
              + c.log.transientErrors().first()
              + "\") were retried and did not end the run.");
    }
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.USER_CODE_ERROR,
                Confidence.HIGH,
                false,
                "The job's code or query failed; a retry would fail the same way, so nothing is"
                    + " retried.",
                evidence),
            Diagnoser.RANK_RUN_END));
  }

  static Optional<Found> transientExternal(DiagnosisContext c, boolean otherCause) {
    DriverLog.RunException e = c.log.runException();
    DriverLog.TransientErrors transients = c.log.transientErrors();
    boolean endedRun = classify(e) == RunEnd.TRANSIENT;
    if (!endedRun && (transients.count() == 0 || otherCause || classify(e) == RunEnd.USER)) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (endedRun) {
      evidence.add("The run ended with " + e.describeRoot() + ".");
    }
    if (transients.count() > 0) {
      evidence.add(
          "The driver log has "
              + plural(transients.count(), "line")
              + " of transient storage or service errors, first: \""
              + transients.first()
              + "\".");
    }
    evidence.add(
        "Nothing in the pods points at memory or lost nodes: the same job should pass once the service recovers.");
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.TRANSIENT_EXTERNAL,
                endedRun ? Confidence.HIGH : Confidence.MEDIUM,
                "A storage endpoint or service failed or throttled (5xx, SlowDown, resets,"
                    + " timeouts): retry unchanged after a backoff.",
                evidence),
            endedRun ? Diagnoser.RANK_RUN_END - 1 : Diagnoser.RANK_WEAK));
  }

  static Optional<Found> submissionFailure(DiagnosisContext c) {
    String message = c.signals.errorMessage() == null ? "" : c.signals.errorMessage();
    boolean submissionFailed =
        "SUBMISSION_FAILED".equals(c.signals.state())
            || message.startsWith("failed to submit spark application");
    List<ContainerWaiting> stuckPulling =
        c.signals.waiting().stream()
            .filter(
                w ->
                    w.reason() != null
                        && (w.reason().contains("ImagePull")
                            || w.reason().equals("InvalidImageName")
                            || w.reason().equals("CreateContainerConfigError")
                            || w.reason().equals("CreateContainerError")))
            .toList();
    if (!submissionFailed && stuckPulling.isEmpty()) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    String text = message;
    if (submissionFailed) {
      evidence.add(
          "The Spark operator could not submit the application (state "
              + c.signals.state()
              + "): \""
              + abbreviate(keyPart(message))
              + "\".");
    }
    for (ContainerWaiting w : stuckPulling) {
      evidence.add(
          "The "
              + w.role().displayName()
              + " container of pod "
              + w.podName()
              + " never started: "
              + w.reason()
              + (w.message() == null ? "" : " (\"" + abbreviate(w.message()) + "\")")
              + ".");
      text += " " + w.reason() + " " + (w.message() == null ? "" : w.message());
    }
    boolean retryable = submissionRetryable(text);
    evidence.add(
        retryable
            ? "This looks transient (quota, API server or registry load, a name clash with a pod being deleted): a later submission can succeed."
            : "This will not go away by itself (an invalid spec, a missing image, a denied admission): it needs a fix, not a retry.");
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.SUBMISSION_FAILURE,
                Confidence.HIGH,
                retryable,
                "The application never ran: its submission failed.",
                evidence),
            Diagnoser.RANK_SUBMISSION));
  }

  private static boolean submissionRetryable(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    List<String> permanent =
        List.of(
            "admission webhook",
            "denied",
            "is invalid",
            "invalid value",
            "fractional values",
            "invalid suffix",
            "manifest unknown",
            "not found: manifest",
            "repository does not exist",
            "pull access denied",
            "invalidimagename",
            "unauthorized",
            "createcontainerconfigerror",
            "couldn't find key",
            "configmap",
            "secret \"");
    if (permanent.stream().anyMatch(t::contains)) {
      return false;
    }
    return true;
  }

  static Optional<Found> insufficientParallelism(DiagnosisContext c) {
    List<ContainerTermination> diskEvicted =
        c.signals.terminations().stream()
            .filter(t -> "Evicted".equals(t.podReason()))
            .filter(
                t ->
                    t.podMessage() != null
                        && t.podMessage().toLowerCase(Locale.ROOT).contains("ephemeral"))
            .toList();
    int noSpace = c.log.noSpaceLeft();
    if (diskEvicted.isEmpty() && noSpace == 0) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    if (!diskEvicted.isEmpty()) {
      evidence.add(
          plural(diskEvicted.size(), "executor pod")
              + " were evicted for local disk: "
              + DiagnosisContext.describeAll(diskEvicted)
              + ", e.g. \""
              + abbreviate(diskEvicted.get(0).podMessage())
              + "\".");
    }
    if (noSpace > 0) {
      evidence.add(
          "The driver log reports \"No space left on device\" "
              + plural(noSpace, "time")
              + ": shuffle and spill files filled the executors' local disks.");
    }
    Integer instances = c.settings.executor().instances();
    evidence.add(
        "Each executor held too much of the data: "
            + (instances == null ? "the executor count" : instances + " executor(s)")
            + " and the shuffle partitions spread it too thinly across too few disks.");
    int occurrences = Math.max(diskEvicted.size(), noSpace > 0 ? 1 : 0);
    return Optional.of(
        new Found(
            new Diagnosis(
                DiagnosisCategory.INSUFFICIENT_PARALLELISM,
                diskEvicted.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH,
                "Too few executors or partitions for the data: their local disks filled with"
                    + " shuffle and spill files.",
                evidence),
            Diagnoser.executorLevelRank(occurrences, false)));
  }

  /** The API server's own words inside a long client exception, where there are any. */
  private static String keyPart(String message) {
    int at = message.lastIndexOf("Message: ");
    return at < 0 ? message : message.substring(at + "Message: ".length());
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ').strip();
    return one.length() <= 200 ? one : one.substring(0, 199) + "…";
  }
}
