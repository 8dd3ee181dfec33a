package io.vertedge.load.dmi;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.load.delivery.Args;
import io.vertedge.load.delivery.Harness;
import io.vertedge.load.mappers.EdgeProcess;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An external mapper reporting N devices every second over DMI: a cloud in this JVM,
 * {@code vertedge edge} from the fat jar in its own JVM, a model and N devices of protocol
 * {@code loadproto} created through the cloud API, and {@link DmiReporter} on the edge's DMI Unix
 * socket sending {@code ReportDeviceStatus} for every device every second (N calls a second,
 * paced evenly, a bounded number in flight). Over a window: calls sent and answered OK (OK means
 * durable on the edge), failures by gRPC status, latency, the edge's CPU, heap and RSS; at a quarter,
 * half and three quarters of the window, how fresh the cloud's twins are (100 devices sampled
 * through the cloud API).
 *
 * <pre>DmiLoad DEVICES SECONDS --jar vertedge.jar --work DIR [--edge-java "OPTS"] [--warmup 10] [--in-flight 256]</pre>
 */
public final class DmiLoad {

  private static final String DEVICES_API = "/apis/devices.kubeedge.io/v1beta1/namespaces/default/";

  private final Map<String, String> options;
  private final int devices;
  private final int seconds;
  private final HttpClient http = HttpClient.newHttpClient();

  private DmiLoad(Args args) {
    devices = Integer.parseInt(args.positional().get(0));
    seconds = Integer.parseInt(args.positional().get(1));
    options = args.named();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DmiLoad DEVICES SECONDS --jar vertedge.jar --work DIR [options]");
      System.exit(2);
    }
    Harness.runAndExit(() -> new DmiLoad(Args.parse(args, Set.of())).run());
  }

  private void run() throws Exception {
    Path work = Path.of(options.get("--work"));
    Files.createDirectories(work);
    String edgeJava = options.getOrDefault("--edge-java", "");
    int inFlight = Integer.parseInt(options.getOrDefault("--in-flight", "256"));
    long warmup = Long.parseLong(options.getOrDefault("--warmup", "10"));
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    CloudRuntime cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(work.resolve("cloud"))
        .withSets(List.of("api.host=127.0.0.1", "api.port=0", "join.host=127.0.0.1", "join.port=0",
            "link.host=127.0.0.1", "link.websocketPort=0", "link.quicPort=0"))), telemetry).await();
    String token = JoinToken.mint(cloud.certificateAuthority(), Duration.ofHours(2));
    DmiReporter mapper = null;
    try (EdgeProcess edge = EdgeProcess.start(edgeJava, Path.of(options.get("--jar")), work,
        "127.0.0.1:" + cloud.joinPort(), token)) {
      JsonObject endpoints = edge.endpoints(Duration.ofSeconds(60));
      double idleRss = edge.statusMiB("VmRSS");
      create(cloud.apiUrl(), "devicemodels", model());
      for (int d = 0; d < devices; d++) {
        create(cloud.apiUrl(), "devices", device(d));
      }
      mapper = new DmiReporter(endpoints.getString("dmi"), devices, inFlight);
      mapper.register();
      long deadline = System.nanoTime() + Duration.ofSeconds(60 + devices / 10).toNanos();
      int refused;
      while ((refused = mapper.reportEachOnce()) > 0) { // the devices reach the edge over the link
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(refused + " devices still refused after " + (60 + devices / 10) + " s");
        }
        Thread.sleep(1000);
      }
      mapper.start();
      Thread.sleep(warmup * 1000);

      double cpu0 = edge.cpuSeconds();
      mapper.startWindow();
      // at a quarter, half and three quarters of the window: whether the cloud's lag stays or grows
      List<String> twinsInWindow = new ArrayList<>();
      String upstreamMidWindow = "";
      for (int quarter = 1; quarter <= 3; quarter++) {
        Thread.sleep(seconds * 250L);
        twinsInWindow.add(quarter * 25 + " %: " + cloudTwins(cloud.apiUrl(), mapper));
        if (quarter == 2) { // what the edge holds for the cloud at the same moment
          upstreamMidWindow = String.format(Locale.ROOT, "state keys changed and not yet acknowledged by the cloud %.0f, "
              + "outbox events pending %.0f", edge.metric("vertedge_sync_state_dirty_keys\\w*(?:\\{[^}]*\\})?"),
              edge.metric("vertedge_outbox_pending\\w*(?:\\{[^}]*\\})?"));
        }
      }
      Thread.sleep(seconds * 250L);
      DmiReporter.Window window = mapper.endWindow();
      double cpu = (edge.cpuSeconds() - cpu0) / window.seconds() * 100;

      System.out.printf(Locale.ROOT, "DMI load: %,d devices of protocol %s, one external mapper on the edge's Unix socket "
          + "reporting every device every second (ReportDeviceStatus, 2 twins, temperature reportToCloud), at most %d "
          + "calls in flight; %d s window after %d s warm-up%n", devices, DmiReporter.PROTOCOL, inFlight, seconds, warmup);
      System.out.printf(Locale.ROOT, "machine: %d cores, load %s; edge JVM: %s%n", Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).trim(), edgeJava.isBlank() ? "(defaults)" : edgeJava);
      System.out.printf(Locale.ROOT, "ReportDeviceStatus: sent %.1f/s, answered OK %.1f/s (asked: %,d/s); "
          + "waiting for a free slot at the end %,d, unanswered at the end %,d%n", window.sent / window.seconds(),
          window.ok / window.seconds(), devices, window.waitingAtEnd, window.unansweredAtEnd);
      System.out.printf(Locale.ROOT, "ReportDeviceStates: sent %,d, answered OK %,d%n", window.statesSent, window.statesOk);
      System.out.println("failures by gRPC status: " + (window.failures.isEmpty() ? "none" : window.failures));
      System.out.println("latency, call sent -> OK (durable): " + window.call.quantiles());
      System.out.println("latency, report due -> OK (incl. waiting for a slot): " + window.fromDue.quantiles());
      System.out.printf(Locale.ROOT, "edge CPU: %.1f %% of one core%n", cpu);
      System.out.printf(Locale.ROOT, "edge memory: heap used %.1f MiB, RSS %.1f MiB (%.1f MiB before the devices, peak %.1f), "
          + "%d threads%n", edge.metric("jvm_memory_used_bytes\\{[^}]*jvm_memory_type=\"heap\"[^}]*\\}") / (1 << 20),
          edge.statusMiB("VmRSS"), idleRss, edge.statusMiB("VmHWM"), edge.threads());
      twinsInWindow.forEach(sample -> System.out.println("twins in the cloud at " + sample));
      System.out.println("edge, upstream (mid-window): " + upstreamMidWindow);
    } finally {
      if (mapper != null) {
        mapper.close();
      }
      cloud.stop().await();
      vertx.close().await();
      telemetry.close();
    }
  }

  /**
   * A hundred devices' temperature twins (evenly spread) from the cloud API: the age of the
   * reported value (its timestamp is the edge's receipt) and how many of the device's reports (one a second) it is
   * behind the newest one that came due (0: the cloud has it; 1: usually that one is on its way).
   */
  private String cloudTwins(String api, DmiReporter mapper) throws IOException, InterruptedException {
    List<Long> ages = new ArrayList<>();
    List<Long> behind = new ArrayList<>();
    int step = Math.max(1, devices / 100);
    int sampled = 0;
    long started = System.nanoTime();
    for (int d = 0; d < devices; d += step) {
      sampled++;
      HttpResponse<String> twins = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/default/devices/"
          + DmiReporter.deviceName(d) + "/twins")).build(), HttpResponse.BodyHandlers.ofString());
      long now = System.currentTimeMillis();
      if (twins.statusCode() != 200) {
        continue;
      }
      for (Object item : new JsonObject(twins.body()).getJsonArray("items", new JsonArray())) {
        JsonObject reported = ((JsonObject) item).getJsonObject("reported", new JsonObject());
        if (!"temperature".equals(((JsonObject) item).getString("property")) || reported.getValue("timestamp") == null) {
          continue;
        }
        String time = reported.getValue("timestamp").toString();
        ages.add(now - (time.matches("\\d+") ? Long.parseLong(time) : Instant.parse(time).toEpochMilli()));
        String value = reported.getString("value", "");
        behind.add(mapper.newestDueSecond(d) - Long.parseLong(value.substring(0, Math.max(0, value.indexOf('.')))));
      }
    }
    if (ages.isEmpty()) {
      return "no reported values";
    }
    Collections.sort(ages);
    Collections.sort(behind);
    return String.format(Locale.ROOT, "%,d devices sampled, %,d with a reported temperature; age of the reported value "
        + "p50 %d  p99 %d  max %d ms; reports behind the newest one come due p50 %d  max %d (sampled in %.1f s)", sampled,
        ages.size(), ages.get(ages.size() / 2), ages.get(Math.min(ages.size() - 1, (int) Math.ceil(ages.size() * 0.99) - 1)),
        ages.get(ages.size() - 1), behind.get(behind.size() / 2), behind.get(behind.size() - 1),
        (System.nanoTime() - started) / 1e9);
  }

  private static JsonObject model() {
    JsonArray props = new JsonArray()
        .add(new JsonObject().put("name", "temperature").put("type", "FLOAT").put("accessMode", "ReadOnly"))
        .add(new JsonObject().put("name", "humidity").put("type", "FLOAT").put("accessMode", "ReadOnly"))
        .add(new JsonObject().put("name", "setpoint").put("type", "FLOAT").put("accessMode", "ReadWrite"));
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "DeviceModel")
        .put("metadata", new JsonObject().put("name", "dmi-load-model").put("namespace", "default"))
        .put("spec", new JsonObject().put("protocol", DmiReporter.PROTOCOL).put("properties", props));
  }

  /** temperature goes to the cloud, humidity and setpoint stay on the edge. */
  private static JsonObject device(int d) {
    JsonArray props = new JsonArray();
    for (String name : List.of("temperature", "humidity", "setpoint")) {
      props.add(new JsonObject().put("name", name).put("collectCycle", 1000).put("reportCycle", 1000)
          .put("reportToCloud", name.equals("temperature")).put("visitors", new JsonObject()
              .put("protocolName", DmiReporter.PROTOCOL).put("configData", new JsonObject().put("register", name))));
    }
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
        .put("metadata", new JsonObject().put("name", DmiReporter.deviceName(d)).put("namespace", "default"))
        .put("spec", new JsonObject().put("deviceModelRef", new JsonObject().put("name", "dmi-load-model"))
            .put("nodeName", EdgeProcess.NODE).put("protocol", new JsonObject().put("protocolName", DmiReporter.PROTOCOL))
            .put("properties", props));
  }

  private void create(String api, String plural, JsonObject resource) throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + DEVICES_API + plural))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(resource.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("cannot create " + resource.getJsonObject("metadata").getString("name") + ": "
          + answer.statusCode() + " " + answer.body());
    }
  }
}
