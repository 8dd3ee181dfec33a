package io.vertedge.load.delivery;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.EdgeRuntime;
import io.vertedge.runtime.Modes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A desired value's way down: {@code PUT .../twins/{property}/desired} on the cloud API → registry
 * → DeviceController → reliable delivery over the link → the edge's DeviceTwin → the MQTT delta
 * on {@code $hw/events/device/<ns>/<name>/twin/update/delta}, seen by a subscriber of the edge's
 * broker. The product's cloud and edge run in this JVM (separate Vert.x instances), the
 * subscriber is a plain MQTT client. Updates are paced at a fixed rate, round robin over the
 * devices; each carries a unique value, so each delta is matched to its PUT. Latency: from just
 * before the PUT is sent to the delta's arrival (the HTTP answer is not waited for).
 *
 * <p>Usage: {@code DesiredLatency [devices=1000] [rate=1000] [seconds=30] [--warmup 20]
 * [--transport websocket] [--work DIR]}.
 */
public final class DesiredLatency {

  private static final String NAMESPACE = "default";
  private static final String PROPERTY = "setpoint";
  /** The devices are apps that speak MQTT themselves (the subscriber): no built-in mapper or DMI mapper runs them. */
  private static final String DEVICE_APP_PROTOCOL = "mqtt-app";
  private static final int CONNECTIONS = 64;
  /** The target p99: the slow updates are those above it. */
  private static final long SLOW_NANOS = 5_000_000;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /**
   * The PUTs' client: a fixed pool of kept-alive connections on a Vert.x instance of its own. The
   * JDK client opened a connection per concurrent request, and at 1,000/s its connects timed out
   * (the client, not the cloud, was what saturated).
   */
  private final Vertx clientVertx = Vertx.vertx(Modes.vertxOptions());
  private final io.vertx.core.http.HttpClient client = clientVertx.createHttpClient(
      new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
  private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
  private final AtomicLong deltas = new AtomicLong();
  private final AtomicLong failedPuts = new AtomicLong();
  private volatile long[] latencies = new long[0];
  /** When each measured update was sent, from the start of the window (same slots as latencies). */
  private volatile long[] sentOffsets = new long[0];
  /** PUT sent -> its 200 (the cloud's share: validation, the durable registry write). */
  private volatile long[] putLatencies = new long[0];
  private final AtomicLong putsAnswered = new AtomicLong();
  private final AtomicLong measured = new AtomicLong();
  private volatile long measureFrom = Long.MAX_VALUE;
  private String api;
  private CpuSnapshot cpuAtStart;
  /** The JVM's CPU while the measured updates were sent: cloud, edge, client and subscriber together. */
  private CpuSnapshot.Usage window;

  public static void main(String[] args) throws Exception {
    Args parsed = Args.parse(args, Set.of());
    List<String> positional = parsed.positional();
    int devices = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 1000;
    int rate = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1000;
    int seconds = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 30;
    if (devices < 1 || rate < 1 || seconds < 1) {
      throw new IllegalArgumentException("devices, updates/s and seconds must each be at least 1, not "
          + devices + ", " + rate + ", " + seconds);
    }
    int warmup = Integer.parseInt(parsed.named().getOrDefault("--warmup", "20"));
    String transport = parsed.named().getOrDefault("--transport", "websocket");
    Path work = parsed.named().containsKey("--work") ? Path.of(parsed.named().get("--work"))
        : Files.createTempDirectory("vertedge-desired");
    Harness.runAndExit(() -> new DesiredLatency().run(devices, rate, seconds, warmup, transport, work));
  }

  private void run(int devices, int rate, int seconds, int warmup, String transport, Path work) throws Exception {
    System.out.println("conditions: " + Conditions.machine(work));
    try (LocalCloud cloud = new LocalCloud(work.resolve("cloud"), (node, event) -> { })) {
      api = cloud.apiUrl();
      Vertx vertx = Vertx.vertx(Modes.vertxOptions());
      Telemetry telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of());
      EdgeRuntime edge = EdgeRuntime.start(vertx, ConfigLoader.loadEdge(ConfigSources.empty()
          .withDataDir(work.resolve("edge"))
          .withFlag("nodeName", "edge-desired")
          .withFlag("cloud", cloud.joinAddress())
          .withSets(List.of("api.host=127.0.0.1", "api.port=0", "mqtt.port=0", "transport=" + transport))),
          telemetry, Optional.of(cloud.token())).await();
      EdgeLinks.await(edge, 60_000, 50);
      long created = System.nanoTime();
      createDevices(devices, "edge-desired");
      System.out.printf(Locale.ROOT, "created 1 model and %,d devices in %.1f s%n", devices,
          (System.nanoTime() - created) / 1e9);
      MqttClient subscriber = subscribe(vertx, edge.endpoints().getString("mqtt"));
      waitForEdge(edge, devices);
      latencies = new long[rate * seconds];
      sentOffsets = new long[rate * seconds];
      putLatencies = new long[rate * seconds];
      long updates = pace(devices, rate, warmup, seconds);
      Thread.sleep(2_000); // the last deltas
      report(devices, rate, seconds, warmup, transport, updates);
      subscriber.disconnect().await();
      edge.stop().await();
      vertx.close().await();
      clientVertx.close().await();
      telemetry.close();
    }
  }

  private void createDevices(int devices, String node) throws Exception {
    send("POST", "/apis/devices.kubeedge.io/v1beta1/namespaces/" + NAMESPACE + "/devicemodels", new JsonObject()
        .put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "DeviceModel")
        .put("metadata", new JsonObject().put("name", "thermostat"))
        .put("spec", new JsonObject().put("protocol", DEVICE_APP_PROTOCOL).put("properties", List.of(new JsonObject()
            .put("name", PROPERTY).put("type", "INT").put("accessMode", "ReadWrite")))), 201).join();
    Semaphore window = new Semaphore(16);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      window.acquire();
      all.add(send("POST", "/apis/devices.kubeedge.io/v1beta1/namespaces/" + NAMESPACE + "/devices", new JsonObject()
          .put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
          .put("metadata", new JsonObject().put("name", device(i)))
          .put("spec", new JsonObject().put("deviceModelRef", new JsonObject().put("name", "thermostat"))
              .put("nodeName", node).put("protocol", new JsonObject().put("protocolName", DEVICE_APP_PROTOCOL))
              .put("properties", List.of(new JsonObject().put("name", PROPERTY)
                  .put("desired", new JsonObject().put("value", "0"))))), 201)
          .whenComplete((ok, failure) -> window.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  private static String device(int i) {
    return String.format(Locale.ROOT, "thermo-%04d", i);
  }

  private CompletableFuture<Void> send(String method, String path, JsonObject body, int expected) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(api + path)
        .putHeader("Content-Type", "application/json").setIdleTimeout(30_000);
    return client.request(request)
        .compose(sent -> sent.send(body.encode()))
        .compose(response -> response.body().<Void>map(answer -> {
          if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + answer);
          }
          return null;
        }))
        .toCompletionStage().toCompletableFuture();
  }


  private MqttClient subscribe(Vertx vertx, String brokerUrl) {
    URI broker = URI.create(brokerUrl);
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("desired-latency")
        .setMaxMessageSize(64 * 1024));
    client.publishHandler(message -> {
      long arrived = System.nanoTime();
      JsonObject delta = new JsonObject(message.payload()).getJsonObject("delta");
      String value = delta == null ? null : delta.getString(PROPERTY);
      if (value == null) {
        return;
      }
      deltas.incrementAndGet();
      Long sent = sentAt.remove(Long.parseLong(value));
      if (sent != null && sent >= measureFrom) {
        long slot = measured.getAndIncrement();
        if (slot < latencies.length) {
          latencies[(int) slot] = arrived - sent;
          sentOffsets[(int) slot] = sent - measureFrom;
        }
      }
    });
    client.connect(broker.getPort(), broker.getHost()).await();
    client.subscribe("$hw/events/device/+/+/twin/update/delta", MqttQoS.AT_MOST_ONCE.value()).await();
    return client;
  }

  /** Until the edge holds every device (its twin knows them: the edge API answers for the last one). */
  private void waitForEdge(EdgeRuntime edge, int devices) throws Exception {
    URI twins = URI.create(edge.apiUrl() + "/api/v1/namespaces/" + NAMESPACE + "/devices/" + device(devices - 1) + "/twins");
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(twins).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the edge does not know " + device(devices - 1) + " after 120 s");
  }

  /** Sends {@code rate} PUTs per second for warmup + seconds; returns how many were sent after the warmup. */
  private long pace(int devices, int rate, int warmup, int seconds) {
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long total = (long) rate * (warmup + seconds);
    long warm = (long) rate * warmup;
    for (long i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long now;
      // one park per update: waking every 0.2 ms to check took CPU from the hub (five wake-ups per update)
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      if (i == warm) {
        measureFrom = System.nanoTime();
        cpuAtStart = CpuSnapshot.take();
      }
      long value = i + 1;
      long sent = System.nanoTime();
      sentAt.put(value, sent);
      boolean measuredPut = i >= warm;
      send("PUT", "/api/v1/namespaces/" + NAMESPACE + "/devices/" + device((int) (i % devices)) + "/twins/"
          + PROPERTY + "/desired", new JsonObject().put("value", Long.toString(value)), 200)
          .thenRun(() -> {
            if (measuredPut) {
              long slot = putsAnswered.getAndIncrement();
              if (slot < putLatencies.length) {
                putLatencies[(int) slot] = System.nanoTime() - sent;
              }
            }
          })
          .exceptionally(failure -> {
            if (failedPuts.incrementAndGet() == 1) {
              System.err.println("first failed PUT: " + failure);
            }
            return null;
          });
    }
    window = cpuAtStart.until(CpuSnapshot.take());
    return total - warm;
  }

  private void report(int devices, int rate, int seconds, int warmup, String transport, long updates) {
    int n = (int) Math.min(measured.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "desired value PUT -> MQTT delta: %,d devices, %,d updates/s for %d s (after %d s warm-up),"
            + " transport %s, load %s%n", devices, rate, seconds, warmup, transport, Conditions.load());
    System.out.printf(Locale.ROOT, "measured %,d of %,d updates (deltas seen in all: %,d; PUTs failed: %,d; no delta: %,d)%n",
        n, updates, deltas.get(), failedPuts.get(), sentAt.size());
    if (n > 0) {
      System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999), sorted[n - 1] / 1e6);
    }
    System.out.println(SlowWindows.describe(Arrays.copyOf(latencies, n), Arrays.copyOf(sentOffsets, n),
        SLOW_NANOS, seconds));
    System.out.printf(Locale.ROOT, "CPU while measured: %.0f us per update; %s%n", window.cores() * 1e6 / rate,
        window.describeByPool());
    int puts = (int) Math.min(putsAnswered.get(), putLatencies.length);
    long[] sortedPuts = Arrays.copyOf(putLatencies, puts);
    Arrays.sort(sortedPuts);
    if (puts > 0) {
      System.out.printf(Locale.ROOT, "of which PUT -> 200 ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f (%,d answered)%n",
          ms(sortedPuts, 0.50), ms(sortedPuts, 0.90), ms(sortedPuts, 0.99), sortedPuts[puts - 1] / 1e6, puts);
    }
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
