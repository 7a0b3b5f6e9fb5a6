package io.sparkmedic.operator.cli.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.operator.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sparkmedic install-kubectl-plugin}: the launcher kubectl finds as a plugin. */
class InstallKubectlPluginCommandTest {

  @TempDir Path temp;

  record Run(int exitCode, String out, String err) {}

  private static Run sparkmedic(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void writesAnExecutableLauncherThatRunsTheJarsKubectlCommand() throws IOException {
    Path jar = Files.createDirectories(temp.resolve("opt/spark medic")).resolve("sparkmedic.jar");
    Files.write(jar, new byte[] {'P', 'K', 3, 4});
    Path bin = temp.resolve("bin");

    Run run =
        sparkmedic("install-kubectl-plugin", "--dir", bin.toString(), "--jar", jar.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path launcher = bin.resolve("kubectl-sparkmedic");
    assertThat(run.out()).startsWith("Installed " + launcher + " (runs " + jar + ").\n");
    assertThat(Files.getPosixFilePermissions(launcher))
        .contains(
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE);
    List<String> script = Files.readAllLines(launcher, StandardCharsets.UTF_8);
    assertThat(script.get(0)).isEqualTo("#!/bin/sh");
    assertThat(script)
        .last()
        .isEqualTo("exec java -jar \"" + jar.toAbsolutePath() + "\" kubectl \"$@\"");
    assertThat(bin).isDirectoryNotContaining(p -> !p.equals(launcher));
  }

  /** Runs the launcher with a stand-in {@code java} that prints the arguments it was given. */
  @Test
  void theLauncherPassesTheJarAndEveryArgumentThroughUnchanged() throws Exception {
    Path jar =
        Files.createDirectories(temp.resolve("jars/$HOME \"quoted\" `x`"))
            .resolve("sparkmedic.jar");
    Files.write(jar, new byte[] {'P', 'K', 3, 4});
    Path bin = temp.resolve("bin");
    assertThat(
            sparkmedic("install-kubectl-plugin", "--dir", bin.toString(), "--jar", jar.toString())
                .exitCode())
        .isZero();
    Path fakeJava = Files.createDirectories(temp.resolve("fake-jdk")).resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    fakeJava.toFile().setExecutable(true);

    ProcessBuilder launch =
        new ProcessBuilder(
                bin.resolve("kubectl-sparkmedic").toString(),
                "history",
                "nightly etl",
                "-n",
                "team-a")
            .redirectErrorStream(true);
    launch.environment().put("PATH", fakeJava.getParent() + ":/usr/bin:/bin");
    Process process = launch.start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(printed).isZero();
    assertThat(printed.lines())
        .containsExactly(
            "-jar",
            jar.toAbsolutePath().toString(),
            "kubectl",
            "history",
            "nightly etl",
            "-n",
            "team-a");
  }

  @Test
  void runningAgainReplacesTheLauncher() throws IOException {
    Path bin = temp.resolve("bin");
    Path oldJar = Files.write(temp.resolve("old.jar"), new byte[] {'P', 'K'});
    Path newJar = Files.write(temp.resolve("new.jar"), new byte[] {'P', 'K'});
    sparkmedic("install-kubectl-plugin", "--dir", bin.toString(), "--jar", oldJar.toString());

    Run run =
        sparkmedic("install-kubectl-plugin", "--dir", bin.toString(), "--jar", newJar.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(bin.resolve("kubectl-sparkmedic")))
        .contains(newJar.toString())
        .doesNotContain(oldJar.toString());
  }

  @Test
  void saysWhenTheDirectoryIsNotOnPath() throws IOException {
    Path jar = Files.write(temp.resolve("sparkmedic.jar"), new byte[] {'P', 'K'});
    Path bin = temp.resolve("bin");
    InstallKubectlPluginCommand command = new InstallKubectlPluginCommand();
    command.searchPath = "/usr/local/bin:/usr/bin";
    StringWriter out = new StringWriter();

    int code =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .execute("--dir", bin.toString(), "--jar", jar.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            bin
                + " is not on PATH: add it (export PATH=\""
                + bin
                + ":$PATH\"), or kubectl will not find the plugin.");
  }

  @Test
  void withoutAJarToRunItAsksForOneAndWritesNothing() {
    // Tests run from target/classes, not from a jar.
    Path bin = temp.resolve("bin");

    Run run = sparkmedic("install-kubectl-plugin", "--dir", bin.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("sparkmedic: not running from a jar (")
        .endsWith("): pass --jar with the path of sparkmedic.jar\n")
        .hasLineCount(1);
    assertThat(bin).doesNotExist();
  }

  @Test
  void aJarThatIsNotThereIsExitCode1() {
    Run run =
        sparkmedic(
            "install-kubectl-plugin",
            "--dir",
            temp.resolve("bin").toString(),
            "--jar",
            temp.resolve("missing.jar").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("sparkmedic: no jar at " + temp.resolve("missing.jar") + "\n");
  }
}
