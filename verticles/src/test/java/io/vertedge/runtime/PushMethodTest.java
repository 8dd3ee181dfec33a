package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in mappers' push methods end to end: a virtual device created through the cloud's
 * device API (Strict) pushes one property to a local HTTP receiver (KubeEdge's form body) and
 * another to the edge's own MQTT broker (KubeEdge's text, read by {@code mosquitto_sub}), though
 * neither reports to the cloud; an invalid push method keeps only its own device from running.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushMethodTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
  private static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: sim-model, namespace: default}
      spec:
        protocol: virtual
        properties:
          - {name: ticks, type: INT, accessMode: ReadOnly}
          - {name: target, type: FLOAT, accessMode: ReadWrite, unit: Cel}
      """;
  private static final String DEVICE_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: Device
      metadata: {name: NAME, namespace: default}
      spec:
        deviceModelRef: {name: sim-model}
        nodeName: edge-1
        protocol: {protocolName: virtual}
        properties:
          - name: ticks
            collectCycle: 100
            reportCycle: 300
            visitors: {protocolName: virtual, configData: {signal: counter, start: 0, step: 1}}
            pushMethod:
              http: {hostName: "http://127.0.0.1", port: HTTP_PORT, requestPath: /push/NAME, timeout: 2000, payload: kubeedge}
              dbMethod: {redis: {redisClientConfig: {addr: "127.0.0.1:6379"}}}
          - name: target
            collectCycle: 100
            reportCycle: 300
            visitors: {protocolName: virtual, configData: {signal: constant, value: "21.0"}}
            pushMethod:
              mqtt: {address: MQTT_URL, topic: TOPIC, qos: 1, retained: false}
      """;

  @TempDir Path dir;
  private final Vertx receiverVertx = Vertx.vertx();
  private final ConcurrentLinkedQueue<String> posts = new ConcurrentLinkedQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HubFixture hub;
  private CloudApi cloud;
  private EdgeRuntime edge;
  private HttpServer receiver;

  @BeforeEach
  void start() {
    receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      posts.add(request.method() + " " + request.uri() + " " + request.getHeader("Content-Type") + " " + body);
      request.response().end();
    })).listen(0, "127.0.0.1").await();
    hub = new HubFixture(dir);
    cloud = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels", "application/yaml", MODEL_YAML));
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    hub.close();
    receiverVertx.close().await();
  }

  @Test
  void readingsArePostedAndPublishedEveryReportCycleAsKubeEdgeDoes() throws Exception {
    URI broker = URI.create(edge.endpoints().getString("mqtt"));
    try (LogCapture log = new LogCapture();
         MosquittoSub sub = MosquittoSub.subscribe(broker.getPort(), "vertedge/sim-1/target", 2)) {
      create("sim-1", "vertedge/sim-1/target");

      Poll.until(WAIT, "three form posts", () -> posts.size() >= 3);
      List<String> received = List.copyOf(posts);
      for (String post : received) {
        assertTrue(post.matches("POST /push/sim-1 application/x-www-form-urlencoded ticks=\\d+&time=" + TIME), post);
      }
      List<Long> ticks = received.stream().map(p -> Long.parseLong(p.replaceAll(".*ticks=(\\d+)&.*", "$1"))).toList();
      assertEquals(ticks.stream().sorted().distinct().toList(), ticks, "each post the newest value: " + ticks);
      for (String message : sub.messages()) {
        assertTrue(message.matches("time is " + TIME + "  vertedge/sim-1/target: 21\\.0"), message);
      }
      Poll.until(WAIT, "pushes counted", () -> metric("vertedge_mapper_pushes_total\\{(?=[^}]*method=\"mqtt\")(?=[^}]*outcome=\"ok\")[^}]*\\}") >= 2
          && metric("vertedge_mapper_pushes_total\\{(?=[^}]*method=\"http\")(?=[^}]*outcome=\"ok\")[^}]*\\}") >= 3);
      assertTrue(metric("vertedge_mapper_push_duration_seconds_count\\{[^}]*method=\"http\"[^}]*\\}") >= 3);
      assertEquals(1, log.lines().stream().filter(line -> line.contains("device: default/sim-1")
          && line.contains("pushMethod [dbMethod] not supported")).count(), "one warning for dbMethod: " + log.lines());
    }
  }

  @Test
  void theStrictDeviceApiKeepsThePayloadKey() {
    create("sim-1", "vertedge/sim-1/target");
    JsonObject stored = cloud.getJson(CloudApi.DEVICES + "/devices/sim-1");
    assertEquals(Map.of("hostName", "http://127.0.0.1", "port", receiver.actualPort(), "requestPath", "/push/sim-1",
        "timeout", 2000, "payload", "kubeedge"), stored.getJsonObject("spec").getJsonArray("properties").getJsonObject(0)
        .getJsonObject("pushMethod").getJsonObject("http").getMap());
  }

  @Test
  void anInvalidPushMethodRefusesItsDeviceAndTheOthersGoOn() {
    try (LogCapture log = new LogCapture()) {
      create("sim-bad", "vertedge/#");
      create("sim-1", "vertedge/sim-1/target");

      Poll.until(WAIT, "the refusal logged", () -> log.contains("device: default/sim-bad",
          "properties[target].pushMethod.mqtt.topic: must not contain the wildcards"));
      Poll.until(WAIT, "sim-1 pushing", () -> posts.stream().anyMatch(p -> p.startsWith("POST /push/sim-1 ")));
      assertTrue(posts.stream().noneMatch(p -> p.startsWith("POST /push/sim-bad ")), "sim-bad opened nothing: " + posts);
      assertEquals(1, metric("vertedge_mapper_devices\\{[^}]*\\}"), "only sim-1 runs");
    }
  }

  @Test
  void aReceiverThatNeverAnswersHoldsOneReadingPerTargetNotAQueue() {
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer silent = receiverVertx.createHttpServer().requestHandler(request -> requests.incrementAndGet())
        .listen(0, "127.0.0.1").await();
    String yaml = DEVICE_YAML.replace("NAME", "sim-1").replace("HTTP_PORT", String.valueOf(silent.actualPort()))
        .replace("timeout: 2000", "timeout: 20000").replace("MQTT_URL", edge.endpoints().getString("mqtt"))
        .replace("TOPIC", "vertedge/sim-1/target");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml", yaml));

    // a reading every 300 ms: the first hangs, later ones wait one at a time and the replaced ones are dropped
    Poll.until(WAIT, "readings dropped while the first push hangs",
        () -> metric("vertedge_mapper_pushes_total\\{(?=[^}]*method=\"http\")(?=[^}]*outcome=\"dropped\")[^}]*\\}") >= 5);
    assertEquals(1, requests.get(), "one request on its way, nothing queued behind it at the receiver");
  }

  private void create(String name, String topic) {
    String yaml = DEVICE_YAML.replace("NAME", name).replace("HTTP_PORT", String.valueOf(receiver.actualPort()))
        .replace("MQTT_URL", edge.endpoints().getString("mqtt")).replace("TOPIC", topic);
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices?fieldValidation=Strict", "application/yaml", yaml));
  }

  /** The sum of the edge's samples matching {@code series} (a regex for name and labels). */
  private double metric(String series) {
    try {
      return MetricsText.sum(http.send(HttpRequest.newBuilder(URI.create(edge.apiUrl() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body(), series);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
