package io.vertedge.load.otel;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.load.delivery.Args;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.JoinToken;
import io.vertedge.runtime.CloudRuntime;
import io.vertedge.runtime.Modes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@code otel} push method costs the edge: N virtual devices x P INT properties
 * (counter signal, collectCycle and reportCycle 1 s) run by one {@code vertedge edge} in its own
 * JVM, measured first without any push method, then with {@code pushMethod.otel.endpointURL} on
 * every property (added with a JSON patch per device), exporting to a receiver in this JVM that
 * counts the data points it decodes. Per phase: the edge's CPU over the window (utime+stime from
 * /proc, % of one core), its heap after a full GC (jcmd GC.run, then the edge's own
 * jvm_memory_used_bytes{heap}), its RSS, and the points/s received. The cloud runs in this JVM.
 *
 * <pre>OtelExportLoad DEVICES PROPERTIES --window 30 --settle 20 --work DIR [--edge-java "-Xmx512m"]</pre>
 */
public final class OtelExportLoad {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtelExportLoad() {
  }

  public static void main(String[] args) throws Exception {
    Args parsed = Args.parse(args, Set.of());
    List<String> positional = parsed.positional();
    int devices = Integer.parseInt(positional.size() > 0 ? positional.get(0) : "1000");
    int properties = Integer.parseInt(positional.size() > 1 ? positional.get(1) : "10");
    Map<String, String> options = parsed.named();
    Duration window = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--window", "30")));
    Duration settle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--settle", "20")));
    Path work = Path.of(options.getOrDefault("--work", Files.createTempDirectory("vertedge-otel").toString()));
    String edgeJava = options.getOrDefault("--edge-java", "-Xms256m -Xmx512m -XX:+UseSerialGC");

    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    CloudRuntime cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(work.resolve("cloud"))
        .withSets(List.of("api.port=0", "join.host=127.0.0.1", "join.port=0", "link.host=127.0.0.1",
            "link.websocketPort=0", "link.quicPort=0"))), telemetry).await();
    PointCounter receiver = PointCounter.start(vertx).await();
    EdgeProcess edge = EdgeProcess.start(edgeJava, work, "127.0.0.1:" + cloud.joinPort(),
        JoinToken.mint(cloud.certificateAuthority(), Duration.ofHours(1)));
    try {
      String api = cloud.apiUrl() + "/apis/devices.kubeedge.io/v1beta1/namespaces/default";
      post(api + "/devicemodels", model(properties));
      for (int d = 0; d < devices; d++) {
        post(api + "/devices", device(d, properties));
      }
      System.out.printf("| phase | edge CPU (%% of one core) | edge heap after GC (MiB) | edge RSS (MiB) | OTLP points/s |%n");
      System.out.printf("| --- | --- | --- | --- | --- |%n");
      Thread.sleep(settle.toMillis());
      row("without otel", edge, receiver, window);

      String endpoint = "http://127.0.0.1:" + receiver.port() + "/v1/metrics";
      for (int d = 0; d < devices; d++) {
        patch(api + "/devices/" + name(d), otelPatch(properties, endpoint));
      }
      long expected = (long) devices * properties;
      long deadline = System.nanoTime() + settle.multipliedBy(3).toNanos();
      while (receiver.perSecond(Duration.ofSeconds(3)) < expected * 0.95 && System.nanoTime() < deadline) {
        Thread.sleep(1000);
      }
      Thread.sleep(settle.toMillis());
      row("with otel (" + devices + " x " + properties + " every 1 s)", edge, receiver, window);
      if (receiver.total() == 0) {
        System.out.println("\nThe receiver got no data point: is the otel push method registered in the edge's mappers?");
      }
    } finally {
      edge.stop();
      receiver.stop();
      cloud.stop().await();
      vertx.close().await();
      telemetry.close();
    }
  }

  private static void row(String phase, EdgeProcess edge, PointCounter receiver, Duration window) throws Exception {
    long ticks = edge.cpuTicks();
    long points = receiver.total();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = 100.0 * (edge.cpuTicks() - ticks) / EdgeProcess.CLK_TCK / seconds;
    double pointsPerSecond = (receiver.total() - points) / seconds;
    System.out.printf("| %s | %.1f | %.1f | %.1f | %.0f |%n", phase, cpu, edge.heapAfterGcMiB(), edge.rssMiB(), pointsPerSecond);
  }

  private static JsonObject model(int properties) {
    JsonArray list = new JsonArray();
    for (int p = 0; p < properties; p++) {
      list.add(new JsonObject().put("name", "p" + p).put("type", "INT").put("accessMode", "ReadOnly").put("unit", "1"));
    }
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "DeviceModel")
        .put("metadata", new JsonObject().put("name", "bench-model").put("namespace", "default"))
        .put("spec", new JsonObject().put("protocol", "virtual").put("properties", list));
  }

  private static String name(int d) {
    return String.format("bench-%05d", d);
  }

  private static JsonObject device(int d, int properties) {
    JsonArray list = new JsonArray();
    for (int p = 0; p < properties; p++) {
      list.add(new JsonObject().put("name", "p" + p).put("collectCycle", 1000).put("reportCycle", 1000)
          .put("visitors", new JsonObject().put("protocolName", "virtual")
              .put("configData", new JsonObject().put("signal", "counter").put("start", p))));
    }
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
        .put("metadata", new JsonObject().put("name", name(d)).put("namespace", "default"))
        .put("spec", new JsonObject().put("deviceModelRef", new JsonObject().put("name", "bench-model"))
            .put("nodeName", EdgeProcess.NODE).put("protocol", new JsonObject().put("protocolName", "virtual"))
            .put("properties", list));
  }

  private static JsonArray otelPatch(int properties, String endpoint) {
    JsonArray ops = new JsonArray();
    for (int p = 0; p < properties; p++) {
      ops.add(new JsonObject().put("op", "add").put("path", "/spec/properties/" + p + "/pushMethod")
          .put("value", new JsonObject().put("otel", new JsonObject().put("endpointURL", endpoint))));
    }
    return ops;
  }

  private static void post(String url, JsonObject body) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201);
  }

  private static void patch(String url, JsonArray ops) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(ops.encode())), 200);
  }

  private static void send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }
}
