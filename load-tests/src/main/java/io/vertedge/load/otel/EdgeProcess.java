package io.vertedge.load.otel;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code vertedge edge} in its own JVM, joined to the load's cloud, measured from /proc and its /metrics. */
final class EdgeProcess {

  static final String NODE = "bench-edge";
  static final long CLK_TCK = 100; // getconf CLK_TCK on Linux

  private final Process process;
  private final String api;

  private EdgeProcess(Process process, String api) {
    this.process = process;
    this.api = api;
  }

  static EdgeProcess start(String javaOptions, Path work, String join, String token) throws Exception {
    Path data = work.resolve("edge");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(javaOptions.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vertedge.cli.Main", "edge",
        "--data-dir", data.toString(), "--cloud", join, "--node-name", NODE, "--token", token,
        "--set", "api.port=0", "--set", "mqtt.port=0", "--set", "serviceBus.port=0"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("edge.log").toFile()).start();
    Path endpoints = data.resolve("endpoints.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(endpoints) || Files.size(endpoints) == 0) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroy();
        throw new IllegalStateException("the edge did not start; see " + work.resolve("edge.log"));
      }
      Thread.sleep(200);
    }
    return new EdgeProcess(process, new JsonObject(Files.readString(endpoints)).getString("api"));
  }

  /** utime + stime of the edge JVM, in clock ticks. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Heap used after {@code jcmd <pid> GC.run}, from the edge's own jvm_memory_used_bytes{jvm_memory_type="heap"}. */
  double heapAfterGcMiB() throws Exception {
    new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("jvm_memory_type=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024 * 1024);
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
