package io.sparkmedic.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the benchmark started (the operator, the floor client): its CPU time from {@code
 * /proc/<pid>/stat}, its live heap through {@code jcmd}, and its Prometheus metrics when it serves
 * them. Only this process is ever stopped, by its own handle.
 */
final class JvmProcess implements AutoCloseable {

  private static final Pattern HEAP_USED =
      Pattern.compile(
          "(?:garbage-first|def new generation|tenured|PSYoungGen|ParOldGen)?.*heap\\s+total\\s+\\d+K, used (\\d+)K");
  private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private JvmProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JvmProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new JvmProcess(builder.start(), log);
  }

  /** Started with its standard output kept for the caller (the floor client's "ready"). */
  static JvmProcess startPiped(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectError(log.toFile());
    return new JvmProcess(builder.start(), log);
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** User + system CPU seconds the process has used. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** Forces a full GC ({@code jcmd GC.run}) and returns the heap in use after it, MiB. */
  double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IOException("cannot read the heap from jcmd GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String javaHome = System.getProperty("java.home");
    Path jcmd = Path.of(javaHome, "bin", "jcmd");
    List<String> cmd = new ArrayList<>();
    cmd.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
    cmd.add(Long.toString(pid()));
    cmd.add(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  /** GET a path of the process' HTTP port; null when it does not answer 200. */
  String get(int port, String path) {
    HttpResponse<String> r = send(port, path);
    return r != null && r.statusCode() == 200 ? r.body() : null;
  }

  /** GET a path of the process' HTTP port: the status and body, whatever the status. */
  String getAny(int port, String path) {
    HttpResponse<String> r = send(port, path);
    return r == null ? "no answer" : r.statusCode() + " " + r.body().strip();
  }

  /** The response, or null when there is none (refused, timed out, interrupted). */
  private HttpResponse<String> send(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
