package io.sparkmedic.operator.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparkmedic} command: {@code run}, {@code demo}, {@code diagnose}. */
@Command(
    name = "sparkmedic",
    mixinStandardHelpOptions = true,
    version = "sparkmedic 0.1.0",
    description =
        "Diagnoses failed Spark applications and resubmits them with the fix for the cause.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      DiagnoseCommand.class,
      io.sparkmedic.operator.cli.plugin.KubectlCommand.class,
      io.sparkmedic.operator.cli.plugin.InstallKubectlPluginCommand.class,
      AnalyzeCommand.class
    })
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

  /**
   * Logback reads its configuration once, when the first logger is made: choose it from the command
   * line and environment before that happens.
   */
  private static void configureLogging(String[] args) {
    List<String> list = Arrays.asList(args);
    String format = System.getenv("SPARKMEDIC_LOG_FORMAT");
    int at = list.indexOf("--log-format");
    if (at >= 0 && at + 1 < list.size()) {
      format = list.get(at + 1);
    }
    for (String arg : list) {
      if (arg.startsWith("--log-format=")) {
        format = arg.substring("--log-format=".length());
      }
    }
    if ("json".equalsIgnoreCase(format)) {
      setIfAbsent("logback.configurationFile", "logback-json.xml");
    }
    boolean quiet = !list.isEmpty() && !"run".equals(list.get(0));
    if (quiet && System.getenv("SPARKMEDIC_LOG_LEVEL") == null) {
      // The demo and the offline commands print their own output; keep the operator's logs short.
      setIfAbsent("SPARKMEDIC_LOG_LEVEL", "WARN");
      setIfAbsent("sparkmedic.libraryLogLevel", "ERROR");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
