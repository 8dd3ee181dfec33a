package io.vertedge.runtime;

import io.vertedge.testing.FreePorts;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.edge.mqtt.external.ExternalMqttBus;
import io.vertedge.edge.mqtt.external.Mosquitto;
import io.vertedge.testsupport.Poll;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MQTT behaviour suite against a real Mosquitto the test starts ({@code mqtt.mode: external}),
 * and what only an external broker can show: messages kept for the edge's persistent session
 * while it is stopped, and a broker restart.
 */
class ExternalModeTest extends MqttModeBehaviourTest {

  private Mosquitto mosquitto;

  @BeforeEach
  void installed() {
    assumeTrue(Mosquitto.installed() && installed("/usr/bin/mosquitto_sub"),
        "mosquitto or mosquitto-clients is not installed (scripts/test installs them)");
  }

  @Override
  void startBroker(boolean credentials) {
    mosquitto = credentials ? Mosquitto.start(dir.resolve("mosquitto"), USER, PASSWORD)
        : Mosquitto.start(dir.resolve("mosquitto"));
  }

  @Override
  List<String> edgeSets(boolean credentials) {
    List<String> sets = List.of("mqtt.mode=external", "mqtt.url=" + mosquitto.url());
    return credentials ? List.of(sets.get(0), sets.get(1), "mqtt.username=" + USER, "mqtt.password=" + PASSWORD) : sets;
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Override
  void awaitDoorsSubscribed() {
    Poll.until(Duration.ofSeconds(10), "the edge subscribed at mosquitto", this::busConnected);
  }

  private boolean busConnected() {
    return ((ExternalMqttBus) edge.mqtt()).connected();
  }

  @Test
  void endpointsNameTheExternalBroker() {
    startBroker(false);
    startEdge(false);
    assertEquals(mosquitto.url(), edge.endpoints().getString("mqtt"));
  }

  @Test
  void uploadsPublishedWhileTheEdgeIsStoppedArriveAfterItRestarts() {
    startBroker(false);
    startEdge(false);
    edge.stop().await();
    edge = null;

    MqttClient device = device("thermo-1", false);
    device.publish("$hw/events/upload/while-away-1", Buffer.buffer("1"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.publish("s-1/user/while-away-2", Buffer.buffer("2"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.disconnect().await();

    startEdge(false);
    Poll.until(Duration.ofSeconds(20), "what the broker kept arrived", () -> atCloud.keySet().containsAll(
        List.of("$hw/events/upload/while-away-1", "s-1/user/while-away-2")));
    assertEquals("2", atCloud.get("s-1/user/while-away-2").getContent().toStringUtf8());
  }

  @Test
  void afterABrokerRestartTheEdgeReconnectsAndGoesOn() {
    startBroker(false);
    startEdge(false);
    mosquitto.restart(); // in memory: the edge's session is gone and it must subscribe anew
    Poll.until(Duration.ofSeconds(40), "the edge reconnected", this::busConnected);

    MqttClient device = device("thermo-1", false);
    // the edge may be connected and not yet subscribed: publish until an upload gets through
    Poll.until(Duration.ofSeconds(20), "an upload after the restart arrived", () -> {
      device.publish("$hw/events/upload/after-restart", Buffer.buffer("x"), MqttQoS.AT_LEAST_ONCE, false, false).await();
      return atCloud.containsKey("$hw/events/upload/after-restart");
    });
    device.disconnect().await();
  }

  @Test
  void theEdgeStartsWithTheBrokerDownIsNotReadyAndConnectsWhenTheBrokerComes() throws Exception {
    int port = FreePorts.tcp();
    edge = hub.startEdge("edge-1", List.of("mqtt.mode=external", "mqtt.url=tcp://127.0.0.1:" + port));
    Poll.until(Duration.ofSeconds(20), "edge-1 linked", () -> edge.link().isPresent());
    assertEquals(new JsonObject().put("status", "DOWN").put("checks", new JsonObject().put("node-certificate", "UP")
        .put("store", "UP").put("mqtt-broker", "DOWN")), readyz(503));

    mosquitto = Mosquitto.start(dir.resolve("mosquitto"), port, null, null);
    Poll.until(Duration.ofSeconds(40), "the edge connected once the broker came", this::busConnected);
    assertEquals(new JsonObject().put("status", "UP"), readyz(200));
    MqttClient device = MqttClient.create(hub.vertx);
    device.connect(port, "127.0.0.1").await();
    device.publish("$hw/events/upload/late", Buffer.buffer("x"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(15), "the upload arrived", () -> atCloud.containsKey("$hw/events/upload/late"));
    device.disconnect().await();
  }

  private JsonObject readyz(int expectedStatus) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(edge.apiUrl() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }
}
