package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.vertedge.api.PortInUseException;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonCode;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonString;
import static io.vertedge.edge.mqtt.TestBroker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start, stop, ports, configuration and metric names: what the composition root relies on. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerLifecycleTest {

  @Test
  void defaultsAreLoopbackOn1883AndPortZeroReportsWhatWasBound(Vertx vertx) {
    MqttBroker broker = new MqttBroker(BrokerConfig.defaults().withPort(0), OpenTelemetry.noop().getMeter("test"));
    Throwable notRunning = broker.publish("a", text("x"), AT_MOST_ONCE, false).map((Throwable) null).otherwise(t -> t).await();

    vertx.deployVerticle(broker).await();

    assertEquals("127.0.0.1", BrokerConfig.defaults().host());
    assertEquals(1883, BrokerConfig.defaults().port());
    assertNull(BrokerConfig.defaults().credentials());
    assertEquals("the MQTT broker is not running", notRunning.getMessage());
    assertTrue(broker.actualPort() > 0);
    assertEquals("tcp://127.0.0.1:" + broker.actualPort(), broker.url());
    assertTrue(ClientSocket.supported(), "vertx-mqtt changed: client sockets cannot be paused or aborted");
  }

  @Test
  void aPortInUseFailsTheStartNamingTheKey(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      MqttBroker broker = new MqttBroker(BrokerConfig.defaults().withPort(port), OpenTelemetry.noop().getMeter("test"));

      Throwable failure = assertThrows(Throwable.class, () -> vertx.deployVerticle(broker).await());

      assertInstanceOf(PortInUseException.class, failure);
      assertEquals("edge.mqtt.port: " + port + " is in use (another MQTT broker, such as mosquitto?); set mqtt.port",
          failure.getMessage());
    }
  }

  @Test
  void stoppingDisconnectsEveryClientWithTheReason() throws Exception {
    TestBroker broker = TestBroker.start();
    MqttClient mqtt311 = broker.client("mqtt311");
    Promise<Void> closed = Promise.promise();
    mqtt311.closeHandler(v -> closed.tryComplete());
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      mqtt5.connect("mqtt5", connect -> connect);

      broker.vertx.undeploy(broker.broker.deploymentID()).await();
      MqttMessage disconnect = mqtt5.next(Duration.ofSeconds(10));

      assertEquals(0x8B, reasonCode(disconnect), "Server shutting down");
      assertEquals("the broker is stopping", reasonString(disconnect));
      assertEquals(List.of(), mqtt5.untilClosed());
    }
    closed.future().await();
    assertEquals(-1, broker.broker.actualPort());
    Poll.until(Duration.ofSeconds(10), "no client left", () -> broker.metric("vertedge_mqtt_clients_connected") == 0);
    assertEquals(0, broker.metric("vertedge_mqtt_sessions"));
    broker.close();
  }

  @Test
  void limitsAreCheckedWhenBuilt() {
    IllegalArgumentException inflight = assertThrows(IllegalArgumentException.class,
        () -> BrokerLimits.DEFAULTS.withMaxInflight(0));
    IllegalArgumentException packet = assertThrows(IllegalArgumentException.class,
        () -> BrokerLimits.DEFAULTS.withMaxPacketSize(300_000_000));
    IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
        () -> BrokerLimits.DEFAULTS.withSlowSubscriberTimeout(Duration.ZERO));

    assertEquals("maxInflight: 0 must be between 1 and 65535", inflight.getMessage());
    assertEquals("maxPacketSize: 300000000 must be between 64 and 268435455", packet.getMessage());
    assertEquals("slowSubscriberTimeout: PT0S must be positive", timeout.getMessage());
    assertEquals("Credentials[username=edge, password=***]", new BrokerConfig.Credentials("edge", "s3cret").toString());
  }

  @Test
  void metricsAppearUnderTheirPrometheusNames() {
    TestBroker broker = TestBroker.start();
    MqttClient client = broker.client("client");

    client.publish("a/b", text("x"), AT_LEAST_ONCE, false, true).await();
    Poll.until(Duration.ofSeconds(10), "the message retained", () -> broker.metric("vertedge_mqtt_retained") == 1);

    String scrape = broker.scrape();
    for (String series : List.of("vertedge_mqtt_clients_connected 1", "vertedge_mqtt_sessions 1", "vertedge_mqtt_queued 0",
        "vertedge_mqtt_retained 1", "vertedge_mqtt_messages_total{direction=\"in\",qos=\"1\"} 1")) {
      assertTrue(scrape.contains(series + "\n") || scrape.contains(series + ".0\n"), series + " in\n" + scrape);
    }
    broker.close();
  }
}
