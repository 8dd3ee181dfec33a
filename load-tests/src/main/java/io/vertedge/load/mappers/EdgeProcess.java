package io.vertedge.load.mappers;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vertedge edge} from the fat jar in its own JVM (the flags under test), every port 0, and
 * what is measured of it: CPU time and RSS from {@code /proc}, heap from its {@code /metrics},
 * Native Memory Tracking from {@code jcmd}. Shared with the DMI load ({@code io.vertedge.load.dmi}).
 */
public final class EdgeProcess implements AutoCloseable {

  public static final String NODE = "load-edge";

  private final Process process;
  private final Path dataDir;
  // HTTP/1.1 as Prometheus scrapes: the JDK client's default (an h2c upgrade) would make the edge load
  // and keep its HTTP/2 server code (~200 classes) for the scrapes alone
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private JsonObject endpoints;

  private EdgeProcess(Process process, Path dataDir) {
    this.process = process;
    this.dataDir = dataDir;
  }

  public static EdgeProcess start(String javaOpts, Path jar, Path work, String join, String token) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
    Path dataDir = work.resolve("edge");
    command.addAll(List.of("-jar", jar.toString(), "edge", "--data-dir", dataDir.toString(), "--node-name", NODE,
        "--cloud", join, "--token", token, "--transport", "websocket", "--set", "api.port=0", "--set", "mqtt.port=0",
        "--set", "serviceBus.port=0", "--set", "mappers.builtIn=virtual"));
    command.removeIf(String::isEmpty);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("edge.log").toFile()).start();
    return new EdgeProcess(process, dataDir);
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for endpoints.json (the edge API and broker are bound). */
  public JsonObject endpoints(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path file = dataDir.resolve("endpoints.json");
    while (endpoints == null || !endpoints.containsKey("mqtt")) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the edge exited with " + process.exitValue() + "; see edge.log");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + file + " after " + timeout);
      }
      Thread.sleep(200);
      if (Files.exists(file)) {
        try {
          endpoints = new JsonObject(Files.readString(file));
        } catch (RuntimeException e) {
          endpoints = null; // being written
        }
      }
    }
    return endpoints;
  }

  /** The sum of the samples of {@code series} (a regex over name and labels) on the edge's /metrics. */
  public double metric(String series) throws IOException, InterruptedException {
    String text = http.send(HttpRequest.newBuilder(URI.create(endpoints.getString("api") + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }

  /** utime + stime, seconds. */
  public double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // USER_HZ is 100 on Linux
  }

  /** A line of /proc/<pid>/status in MiB, e.g. VmRSS or VmHWM. */
  public double statusMiB(String field) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
        .filter(line -> line.startsWith(field + ":"))
        .mapToDouble(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0).findFirst().orElse(-1);
  }

  public int threads() throws IOException {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      return (int) tasks.count();
    }
  }

  /** {@code jcmd <pid> <command...>}'s output (the JDK's jcmd next to this JVM's java). */
  public String jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid())));
    line.addAll(Arrays.asList(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: a clean stop
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
