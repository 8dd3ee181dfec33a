package io.vertedge.load.mappers;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.load.delivery.Args;
import io.vertedge.load.delivery.Harness;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;

/**
 * The edge's built-in mappers under load: a cloud in this JVM, {@code vertedge edge} from the fat
 * jar in its own JVM, N virtual devices x P properties created through the cloud API (collect and
 * report every second, reportToCloud, pushes to this JVM's HTTP receiver and to the edge's broker
 * where this JVM subscribes), then over a window: the edge's CPU, heap, RSS and threads, pushes
 * received per second with their latency (receipt minus the reading's time in the payload); at its
 * end, how fresh the cloud's twins are (the edge coalesces a device's reports, so the cloud keeps
 * the newest value rather than taking every report: the age of each reported value is the measure). {@code --nmt} adds the edge's Native Memory
 * Tracking summary (its JVM needs {@code -XX:NativeMemoryTracking=summary}).
 *
 * <pre>MapperLoad DEVICES PROPERTIES SECONDS --jar vertedge.jar --work DIR [--edge-java "OPTS"]
 *   [--warmup 10] [--push http,mqtt|http|mqtt|none] [--push-extra '{"json":"merged into each pushMethod entry"}'] [--nmt]</pre>
 */
public final class MapperLoad {

  private static final String DEVICES_API = "/apis/devices.kubeedge.io/v1beta1/namespaces/default/";

  private final Map<String, String> options;
  private final int devices;
  private final int properties;
  private final int seconds;
  private final HttpClient http = HttpClient.newHttpClient();

  private MapperLoad(Args args) {
    devices = Integer.parseInt(args.positional().get(0));
    properties = Integer.parseInt(args.positional().get(1));
    seconds = Integer.parseInt(args.positional().get(2));
    options = args.named();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: MapperLoad DEVICES PROPERTIES SECONDS --jar vertedge.jar --work DIR [options]");
      System.exit(2);
    }
    Harness.runAndExit(() -> new MapperLoad(Args.parse(args, Set.of("--nmt"))).run());
  }

  private void run() throws Exception {
    Path work = Path.of(options.get("--work"));
    Files.createDirectories(work);
    String edgeJava = options.getOrDefault("--edge-java", "");
    List<String> push = options.getOrDefault("--push", "http,mqtt").equals("none") ? List.of()
        : List.of(options.getOrDefault("--push", "http,mqtt").split(","));
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    CloudRuntime cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(work.resolve("cloud"))
        .withSets(List.of("api.host=127.0.0.1", "api.port=0", "join.host=127.0.0.1", "join.port=0",
            "link.host=127.0.0.1", "link.websocketPort=0", "link.quicPort=0"))), telemetry).await();
    PushReceiver receiver = new PushReceiver(vertx);
    int receiverPort = receiver.listen();
    String token = JoinToken.mint(cloud.certificateAuthority(), Duration.ofHours(2));
    try (EdgeProcess edge = EdgeProcess.start(edgeJava, Path.of(options.get("--jar")), work,
        "127.0.0.1:" + cloud.joinPort(), token)) {
      JsonObject endpoints = edge.endpoints(Duration.ofSeconds(60));
      receiver.subscribe(endpoints.getString("mqtt"));
      double idleRss = edge.statusMiB("VmRSS");
      create(cloud.apiUrl(), model());
      JsonObject extra = new JsonObject(options.getOrDefault("--push-extra", "{}"));
      for (int d = 0; d < devices; d++) {
        create(cloud.apiUrl(), device(d, push, receiverPort, endpoints.getString("mqtt"), extra));
      }
      await(Duration.ofSeconds(60 + devices / 10), "all devices run on the edge",
          () -> edge.metric("vertedge_mapper_devices\\{[^}]*health=\"online\"[^}]*\\}") >= devices);
      Thread.sleep(Long.parseLong(options.getOrDefault("--warmup", "10")) * 1000);

      double cpu0 = edge.cpuSeconds();
      double gcs0 = edge.metric("jvm_gc_collections_total\\{[^}]*\\}");
      double gcSeconds0 = edge.metric("jvm_gc_duration_seconds_total\\{[^}]*\\}");
      long http0 = receiver.http.get();
      long mqtt0 = receiver.mqtt.get();
      long t0 = System.nanoTime();
      receiver.startRecording();
      Thread.sleep(seconds * 500L);
      // mid-window, while every device reports: how fresh the cloud's values are
      String twinsMidWindow = cloudTwins(cloud.apiUrl());
      Thread.sleep(seconds * 500L);
      double window = (System.nanoTime() - t0) / 1e9;
      double cpu = (edge.cpuSeconds() - cpu0) / window * 100;
      double gcs = edge.metric("jvm_gc_collections_total\\{[^}]*\\}") - gcs0;
      double gcMillis = (edge.metric("jvm_gc_duration_seconds_total\\{[^}]*\\}") - gcSeconds0) * 1000;
      double httpRate = (receiver.http.get() - http0) / window;
      double mqttRate = (receiver.mqtt.get() - mqtt0) / window;

      System.out.printf(Locale.ROOT, "mapper load: %,d virtual devices x %d properties, collect and report every 1 s, "
          + "reportToCloud, push %s; %d s window after %s s warm-up%n", devices, properties,
          push.isEmpty() ? "none" : String.join("+", push), seconds, options.getOrDefault("--warmup", "10"));
      System.out.printf(Locale.ROOT, "machine: %d cores, load %s; edge JVM: %s%n", Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).trim(), edgeJava.isBlank() ? "(defaults)" : edgeJava);
      System.out.printf(Locale.ROOT, "edge CPU: %.1f %% of one core; GC: %.0f collections in the window (%.2f/s), "
          + "%.0f ms%n", cpu, gcs, gcs / window, gcMillis);
      System.out.printf(Locale.ROOT, "edge memory: heap used %.1f MiB, RSS %.1f MiB (%.1f MiB before the devices, peak %.1f), "
          + "%d threads%n", edge.metric("jvm_memory_used_bytes\\{[^}]*jvm_memory_type=\"heap\"[^}]*\\}") / (1 << 20),
          edge.statusMiB("VmRSS"), idleRss, edge.statusMiB("VmHWM"), edge.threads());
      System.out.printf(Locale.ROOT, "pushes received: http %.0f/s, mqtt %.0f/s (readings pushed per second: %,d); "
          + "without a reading time: %,d%n", httpRate, mqttRate, push.isEmpty() ? 0 : devices * properties,
          receiver.undated.get());
      System.out.printf("push latency (receipt - reading time): %s%n", receiver.quantiles());
      System.out.println("twins in the cloud (mid-window): " + twinsMidWindow);
      if (options.containsKey("--nmt")) {
        String nmt = edge.jcmd("VM.native_memory", "summary");
        Files.writeString(work.resolve("nmt.txt"), nmt);
        System.out.println("native memory (NMT, committed):");
        nmt.lines().filter(line -> line.startsWith("Total:") || line.matches("^-\\s+\\S.*\\(reserved=.*"))
            .forEach(line -> System.out.println("  " + line.replaceAll("\\s+", " ").strip()));
      }
    } finally {
      receiver.close();
      cloud.stop().await();
      vertx.close().await();
      telemetry.close();
    }
  }

  /** A hundred devices' twins (evenly spread) from the cloud API: how many properties have a reported value, and its age. */
  private String cloudTwins(String api) throws IOException, InterruptedException {
    List<Long> ages = new ArrayList<>();
    int step = Math.max(1, devices / 100);
    int sampled = 0;
    long started = System.nanoTime();
    for (int d = 0; d < devices; d += step) {
      sampled++;
      HttpResponse<String> twins = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/default/devices/"
          + String.format(Locale.ROOT, "load-%05d", d) + "/twins")).build(), HttpResponse.BodyHandlers.ofString());
      long now = System.currentTimeMillis();
      if (twins.statusCode() != 200) {
        continue;
      }
      for (Object item : new JsonObject(twins.body()).getJsonArray("items", new JsonArray())) {
        Object time = ((JsonObject) item).getJsonObject("reported", new JsonObject()).getValue("timestamp");
        if (time != null) {
          String text = time.toString();
          ages.add(now - (text.matches("\\d+") ? Long.parseLong(text) : Instant.parse(text).toEpochMilli()));
        }
      }
    }
    if (ages.isEmpty()) {
      return "no reported values";
    }
    Collections.sort(ages);
    return String.format(Locale.ROOT, "%,d devices sampled, %,d of %,d of their properties reported; age of the reported "
        + "value p50 %d  p99 %d  max %d ms (sampled in %.1f s)", sampled, ages.size(), sampled * properties,
        ages.get(ages.size() / 2), ages.get(Math.min(ages.size() - 1, (int) Math.ceil(ages.size() * 0.99) - 1)),
        ages.get(ages.size() - 1), (System.nanoTime() - started) / 1e9);
  }

  private JsonObject model() {
    JsonArray props = new JsonArray();
    for (int p = 0; p < properties; p++) {
      props.add(new JsonObject().put("name", "p" + p).put("type", "FLOAT").put("accessMode", "ReadOnly"));
    }
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "DeviceModel")
        .put("metadata", new JsonObject().put("name", "load-model").put("namespace", "default"))
        .put("spec", new JsonObject().put("protocol", "virtual").put("properties", props));
  }

  /** Property p pushes over HTTP or MQTT, alternating when both are asked. */
  private JsonObject device(int d, List<String> push, int receiverPort, String brokerUrl, JsonObject extra) {
    String name = String.format(Locale.ROOT, "load-%05d", d);
    JsonArray props = new JsonArray();
    for (int p = 0; p < properties; p++) {
      JsonObject property = new JsonObject().put("name", "p" + p).put("collectCycle", 1000).put("reportCycle", 1000)
          .put("reportToCloud", true).put("visitors", new JsonObject().put("protocolName", "virtual")
              .put("configData", new JsonObject().put("signal", "sine").put("min", 0).put("max", 100).put("period", "60s")));
      if (!push.isEmpty()) {
        String method = push.get((d * properties + p) % push.size());
        JsonObject target = method.equals("http")
            ? new JsonObject().put("hostName", "http://127.0.0.1").put("port", receiverPort).put("requestPath", "/push")
                .put("timeout", 5000)
            : new JsonObject().put("address", brokerUrl).put("topic", PushReceiver.TOPIC_PREFIX + name + "/p" + p)
                .put("qos", 0).put("retained", false);
        property.put("pushMethod", new JsonObject().put(method, target.mergeIn(extra)));
      }
      props.add(property);
    }
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
        .put("metadata", new JsonObject().put("name", name).put("namespace", "default"))
        .put("spec", new JsonObject().put("deviceModelRef", new JsonObject().put("name", "load-model"))
            .put("nodeName", EdgeProcess.NODE).put("protocol", new JsonObject().put("protocolName", "virtual"))
            .put("properties", props));
  }

  private void create(String api, JsonObject resource) throws IOException, InterruptedException {
    String plural = resource.getString("kind").equals("Device") ? "devices" : "devicemodels";
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + DEVICES_API + plural))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(resource.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("cannot create " + resource.getJsonObject("metadata").getString("name") + ": "
          + answer.statusCode() + " " + answer.body());
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(Duration timeout, String what, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + timeout + ": " + what);
      }
      Thread.sleep(500);
    }
  }
}
