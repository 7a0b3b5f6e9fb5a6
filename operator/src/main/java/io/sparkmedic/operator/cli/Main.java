package io.sparkmedic.operator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparkmedic} command: {@code run}, {@code demo}, {@code diagnose}. */
@Command(
    name = "sparkmedic",
    mixinStandardHelpOptions = true,
    version = "sparkmedic 0.1.0",
    description =
        "Diagnoses failed Spark applications and resubmits them with the fix for the cause.",
    subcommands = {RunCommand.class, DemoCommand.class, DiagnoseCommand.class})
public final class Main implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    configureLogging(args);
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code; never throws. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("sparkmedic: " + e.getMessage() + " (see --help)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("sparkmedic: " + describe(e));
          return 1;
        });
    return cli.execute(args);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** slf4j-simple reads its settings once, from system properties, before the first logger. */
  private static void configureLogging(String[] args) {
    String level = System.getenv("SPARKMEDIC_LOG_LEVEL");
    boolean demo = args.length > 0 && "demo".equals(args[0]);
    setIfAbsent(
        "org.slf4j.simpleLogger.defaultLogLevel", level != null ? level : demo ? "warn" : "info");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", demo ? "false" : "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    if (demo) {
      // The mock API server logs every request it cannot answer; the demo needs none of that.
      setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8", "error");
      setIfAbsent("org.slf4j.simpleLogger.log.io.javaoperatorsdk", "error");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
