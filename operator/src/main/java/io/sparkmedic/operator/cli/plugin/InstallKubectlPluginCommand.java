package io.sparkmedic.operator.cli.plugin;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkmedic install-kubectl-plugin}: writes {@code kubectl-sparkmedic}, a launcher that
 * runs this jar's {@code kubectl} command, into a directory on {@code PATH}, where kubectl finds
 * plugins. Running it again replaces the launcher (after moving the jar, say).
 */
@Command(
    name = "install-kubectl-plugin",
    description =
        "Write the launcher kubectl-sparkmedic, so that `kubectl sparkmedic history APP` runs this"
            + " jar's `kubectl` command.",
    mixinStandardHelpOptions = true)
public final class InstallKubectlPluginCommand implements Callable<Integer> {

  static final String LAUNCHER = "kubectl-sparkmedic";

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where to write kubectl-sparkmedic; a directory on PATH (default: ~/.local/bin).")
  Path dir;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "The sparkmedic jar the plugin runs (default: the jar running this command).")
  Path jar;

  /** The search path, to tell whether kubectl will find the launcher. */
  String searchPath = System.getenv("PATH");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Path target = jar != null ? jar.toAbsolutePath().normalize() : runningJar();
      if (!Files.isRegularFile(target)) {
        throw new KubectlCommand.Failure("no jar at " + target);
      }
      Path directory =
          (dir != null ? dir : Paths.get(System.getProperty("user.home"), ".local", "bin"))
              .toAbsolutePath()
              .normalize();
      Path launcher = write(directory, launcherScript(target));
      out.println("Installed " + launcher + " (runs " + target + ").");
      if (!onSearchPath(directory)) {
        out.println(
            directory
                + " is not on PATH: add it (export PATH=\""
                + directory
                + ":$PATH\"), or kubectl will not find the plugin.");
      }
      out.println("Try: kubectl sparkmedic history <application> -n <namespace>");
      return 0;
    } catch (KubectlCommand.Failure e) {
      err.println("sparkmedic: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("sparkmedic: cannot write the launcher: " + e);
      return 1;
    }
  }

  /**
   * {@code #!/bin/sh} and one {@code exec}: the jar's absolute path in double quotes, with the
   * characters the shell would still expand there escaped.
   */
  static String launcherScript(Path jar) {
    String quoted =
        jar.toAbsolutePath()
            .toString()
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("$", "\\$")
            .replace("`", "\\`");
    return "#!/bin/sh\n"
        + "# The kubectl plugin of Sparkmedic: kubectl sparkmedic history|explain|policies ...\n"
        + "# Written by `sparkmedic install-kubectl-plugin`; run it again after moving the jar.\n"
        + "exec java -jar \""
        + quoted
        + "\" kubectl \"$@\"\n";
  }

  /** Writes the launcher next to its final place, then moves it there: never half a script. */
  private static Path write(Path directory, String script) throws IOException {
    Files.createDirectories(directory);
    Path launcher = directory.resolve(LAUNCHER);
    Path partial = Files.createTempFile(directory, "." + LAUNCHER, ".tmp");
    try {
      Files.writeString(partial, script, StandardCharsets.UTF_8);
      makeExecutable(partial);
      try {
        Files.move(
            partial, launcher, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, launcher, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
    return launcher;
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      if (!file.toFile().setExecutable(true, false)) {
        throw new IOException("cannot make " + file + " executable");
      }
    }
  }

  /** The jar this class was loaded from; a failure when it was not loaded from a jar. */
  private static Path runningJar() {
    CodeSource source = InstallKubectlPluginCommand.class.getProtectionDomain().getCodeSource();
    Path location;
    try {
      location = source == null ? null : Paths.get(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      location = null;
    }
    if (location == null
        || !Files.isRegularFile(location)
        || !location.toString().endsWith(".jar")) {
      throw new KubectlCommand.Failure(
          "not running from a jar ("
              + (location == null ? "unknown location" : location)
              + "): pass --jar with the path of sparkmedic.jar");
    }
    return location.toAbsolutePath().normalize();
  }

  private boolean onSearchPath(Path directory) {
    if (searchPath == null) {
      return false;
    }
    return Arrays.stream(searchPath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Paths.get(entry).toAbsolutePath().normalize())
        .anyMatch(directory::equals);
  }
}
