package io.vertedge.runtime;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The demo's simulated device: a thermostat ({@code io/vertedge/demo/thermostat.yaml}) that
 * speaks to the edge's MQTT broker the way a KubeEdge device app does. It takes each desired
 * setpoint from {@code twin/update/delta} and reports it back as the actual value, and every two
 * seconds reports a temperature drifting towards the setpoint. So {@code vertedge ctl twin set
 * demo-thermostat setpoint=25} shows up in {@code ctl twin get} moments later, through the link
 * both ways.
 */
final class DemoDevice {

  static final String NAME = "demo-thermostat";
  private static final String TOPIC = "$hw/events/device/default/" + NAME;
  private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

  private final MqttClient client;
  private long timer = -1;
  private int setpoint = 21;
  private double temperature = 18.0;

  private DemoDevice(MqttClient client) {
    this.client = client;
  }

  /**
   * Creates the thermostat in the cloud for {@code node} unless a device of that name exists
   * (blocking: call from the main thread), then connects the simulated device to the broker.
   */
  static Future<DemoDevice> start(Vertx vertx, String cloudApi, String node, String brokerUrl) {
    try {
      createIfAbsent(cloudApi, node);
    } catch (IOException e) {
      return Future.failedFuture(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
    URI broker = URI.create(brokerUrl);
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(NAME).setCleanSession(true));
    DemoDevice device = new DemoDevice(client);
    client.publishHandler(message -> device.onDelta(message.payload()));
    return client.connect(broker.getPort(), broker.getHost())
        .compose(connected -> client.subscribe(TOPIC + "/twin/update/delta", MqttQoS.AT_LEAST_ONCE.value()))
        .compose(subscribed -> device.publish("/state/update", new JsonObject().put("state", "online")))
        .onSuccess(v -> device.timer = vertx.setPeriodic(REPORT_EVERY.toMillis(), tick -> device.measure()))
        .map(device);
  }

  private static void createIfAbsent(String cloudApi, String node) throws IOException, InterruptedException {
    String yaml;
    try (InputStream in = DemoDevice.class.getResourceAsStream("/io/vertedge/demo/thermostat.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    HttpClient http = HttpClient.newHttpClient();
    for (Resource resource : DeviceDocuments.readYaml(yaml)) {
      Resource placed = resource.kind() == ResourceKind.DEVICE ? resource.with(List.of("spec", "nodeName"), node) : resource;
      String plural = resource.kind().plural();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
              cloudApi + "/apis/devices.kubeedge.io/v1beta1/namespaces/default/" + plural))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(placed.toJson())).build(), HttpResponse.BodyHandlers.ofString());
      // 409: made by an earlier run, perhaps changed since: keep it as the user left it
      if (answer.statusCode() != 201 && answer.statusCode() != 409) {
        throw new IOException("cannot create the demo's " + resource.kind() + ": " + answer.body());
      }
    }
  }

  private void onDelta(Buffer payload) {
    JsonObject delta = new JsonObject(payload).getJsonObject("delta", new JsonObject());
    String wanted = delta.getString("setpoint");
    if (wanted != null) {
      setpoint = Integer.parseInt(wanted);
      report("setpoint", Integer.toString(setpoint), "int");
    }
  }

  private void measure() {
    temperature += (setpoint - temperature) * 0.2;
    report("temperature", String.format(Locale.ROOT, "%.1f", temperature), "float");
  }

  private void report(String property, String value, String type) {
    publish("/twin/update", new JsonObject().put("twin", new JsonObject().put(property, new JsonObject()
        .put("actual", new JsonObject().put("value", value)
            .put("metadata", new JsonObject().put("timestamp", Instant.now().toEpochMilli())))
        .put("metadata", new JsonObject().put("type", type)))));
  }

  private Future<Void> publish(String suffix, JsonObject event) {
    event.put("event_id", NAME + "-" + System.nanoTime()).put("timestamp", System.currentTimeMillis());
    return client.publish(TOPIC + suffix, event.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false).mapEmpty();
  }

  Future<Void> stop(Vertx vertx) {
    vertx.cancelTimer(timer);
    return client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }
}
