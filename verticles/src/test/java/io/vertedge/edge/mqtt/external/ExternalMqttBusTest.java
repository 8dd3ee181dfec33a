package io.vertedge.edge.mqtt.external;

import io.vertedge.testing.FreePorts;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.BuildInfo;
import io.vertedge.config.Mqtt;
import io.vertedge.config.MqttMode;
import io.vertedge.config.MqttTls;
import io.vertedge.edge.mqtt.BrokerLimits;
import io.vertedge.pki.TestCertificates;
import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertedge.edge.mqtt.InProcessConsumer;
import io.vertedge.otel.Telemetry;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link ExternalMqttBus} in-process against a real Mosquitto: PUBACK only after the consumer
 * succeeded, a refused message comes again, the hub's publishes, and a broker that is not there
 * yet.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalMqttBusTest {

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Telemetry telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of());
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private Mosquitto mosquitto;

  @BeforeEach
  void broker() {
    assumeTrue(Mosquitto.installed(), "mosquitto is not installed (scripts/test installs it)");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    telemetry.close();
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  private ExternalMqttBus bus(int port, String clientId) {
    return bus("tcp://127.0.0.1:" + port, MqttTls.NONE, clientId);
  }

  private ExternalMqttBus bus(String url, MqttTls tls, String clientId) {
    return bus(url, tls, clientId, null, null);
  }

  private ExternalMqttBus bus(String url, MqttTls tls, String clientId, String username, String password) {
    return bus(url, tls, clientId, username, password, BrokerLimits.DEFAULTS);
  }

  private ExternalMqttBus bus(String url, MqttTls tls, String clientId, String username, String password,
                              BrokerLimits limits) {
    Mqtt mqtt = new Mqtt(MqttMode.EXTERNAL, "127.0.0.1", 1883, url, username, password, clientId, tls, limits);
    return new ExternalMqttBus(ExternalBroker.of(mqtt, "edge-1"), telemetry.meter("io.vertedge.mqtt"), up -> { });
  }

  private void deploy(ExternalMqttBus bus) {
    deployments.add(vertx.deployVerticle(bus).await());
  }

  private MqttClient device(String id) {
    MqttClient device = MqttClient.create(vertx, new MqttClientOptions().setClientId(id));
    device.connect(mosquitto.port(), "127.0.0.1").await();
    return device;
  }

  private static Throwable failureOf(Future<?> future) {
    Poll.until(Duration.ofSeconds(10), "the future completed", future::isComplete);
    assertTrue(future.failed(), "expected a failure");
    return future.cause();
  }

  private long metric(String series) {
    long sum = 0;
    for (String line : telemetry.scrape().split("\n")) {
      if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  void aMessageWhoseConsumerHasNotSucceededIsNotAcknowledgedAndComesAgainToTheNextConnection() {
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
    List<BrokerMessage> first = new CopyOnWriteArrayList<>();
    ExternalMqttBus bus = bus(mosquitto.port(), "hub-a");
    // never completes: the message is never durable at this edge
    bus.subscribe("$hw/events/upload/#", MqttQoS.AT_LEAST_ONCE, message -> {
      first.add(message);
      return Promise.<Void>promise().future();
    });
    deploy(bus);
    Poll.until(Duration.ofSeconds(10), "connected", bus::connected);

    MqttClient device = device("thermo-1");
    device.publish("$hw/events/upload/thermo-1", Buffer.buffer("21.5"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(10), "handed to the hub", () -> first.size() == 1);
    assertEquals(1, metric("vertedge_mqtt_external_acks_pending"));

    vertx.undeploy(deployments.remove(0)).await(); // DISCONNECT: the session stays with the broker

    List<BrokerMessage> again = new CopyOnWriteArrayList<>();
    ExternalMqttBus next = bus(mosquitto.port(), "hub-a");
    next.subscribe("$hw/events/upload/#", MqttQoS.AT_LEAST_ONCE, message -> {
      again.add(message);
      return Future.succeededFuture();
    });
    deploy(next);
    Poll.until(Duration.ofSeconds(10), "the unacknowledged message came again", () -> again.size() == 1);
    assertEquals("21.5", again.get(0).payload().toString());
    assertEquals(MqttQoS.AT_LEAST_ONCE, again.get(0).qos());
    device.disconnect().await();
  }

  @Test
  void aRefusedMessageIsNotAcknowledgedAndTheBrokerSendsItAgainAfterTheReconnect() {
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
    AtomicInteger calls = new AtomicInteger();
    List<String> taken = new CopyOnWriteArrayList<>();
    ExternalMqttBus bus = bus(mosquitto.port(), "hub-b");
    InProcessConsumer outboxFullOnce = message -> {
      if (calls.incrementAndGet() == 1) {
        return Future.failedFuture(new IllegalStateException("outbox full"));
      }
      taken.add(message.payload().toString());
      return Future.succeededFuture();
    };
    bus.subscribe("a/user/#", MqttQoS.AT_LEAST_ONCE, outboxFullOnce);
    deploy(bus);
    Poll.until(Duration.ofSeconds(10), "connected", bus::connected);

    MqttClient device = device("pump-1");
    device.publish("a/user/alarm", Buffer.buffer("m1"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(20), "m1 came again and was taken", () -> taken.contains("m1"));
    assertTrue(metric("vertedge_mqtt_external_acks_withheld_total") >= 1, telemetry.scrape());
    assertTrue(metric("vertedge_mqtt_external_reconnects_total") >= 1, telemetry.scrape());

    // m1 was acknowledged this time: after m2 (same session, in order) it has not come a third time
    device.publish("a/user/alarm", Buffer.buffer("m2"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(10), "m2 taken", () -> taken.contains("m2"));
    assertEquals(List.of("m1", "m2"), taken);
    assertEquals(3, calls.get());
    device.disconnect().await();
  }

  @Test
  void theHubsPublishesReachSubscribersAndQos1CompletesOnThePuback() {
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
    ExternalMqttBus bus = bus(mosquitto.port(), "hub-c");
    deploy(bus);
    Poll.until(Duration.ofSeconds(10), "connected", bus::connected);
    MqttClient app = device("app-1");
    List<String> got = new CopyOnWriteArrayList<>();
    app.publishHandler(message -> got.add(message.topicName() + " " + message.payload()));
    app.subscribe("$hw/events/device/#", 1).await();

    bus.publish("$hw/events/device/default/pump-1/twin/update/delta", Buffer.buffer("{}"), MqttQoS.AT_LEAST_ONCE, false)
        .await();
    bus.publish("$hw/events/device/default/pump-1/twin/update/result", Buffer.buffer("r"), MqttQoS.AT_MOST_ONCE, false)
        .await();
    Poll.until(Duration.ofSeconds(10), "both arrived", () -> got.size() == 2);
    assertEquals(List.of("$hw/events/device/default/pump-1/twin/update/delta {}",
        "$hw/events/device/default/pump-1/twin/update/result r"), got);
    assertInstanceOf(IllegalArgumentException.class,
        failureOf(bus.publish("a/+/b", Buffer.buffer("x"), MqttQoS.AT_MOST_ONCE, false)));
    app.disconnect().await();
  }

  @Test
  void aBrokerThatIsNotThereYetFailsPublishesFastAndIsReachedWhenItComes() {
    int port = FreePorts.tcp();
    ExternalMqttBus bus = bus(port, "hub-d");
    List<String> taken = new CopyOnWriteArrayList<>();
    bus.subscribe("$hw/events/upload/#", MqttQoS.AT_LEAST_ONCE, message -> {
      taken.add(message.payload().toString());
      return Future.succeededFuture();
    });
    deploy(bus); // the deploy does not wait for the broker
    assertFalse(bus.connected());
    Throwable failure = failureOf(bus.publish("x/y", Buffer.buffer("z"), MqttQoS.AT_LEAST_ONCE, false));
    assertInstanceOf(BrokerUnavailableException.class, failure);
    assertTrue(failure.getMessage().contains("tcp://127.0.0.1:" + port), failure.getMessage());
    assertEquals(1, metric("vertedge_mqtt_external_publish_failed_total"));

    mosquitto = Mosquitto.start(dir.resolve("mosquitto"), port, null, null);
    Poll.until(Duration.ofSeconds(30), "connected once the broker is there", bus::connected);
    assertEquals(1, metric("vertedge_mqtt_external_connected"));
    MqttClient device = device("thermo-2");
    device.publish("$hw/events/upload/thermo-2", Buffer.buffer("late"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(10), "taken", () -> taken.contains("late"));
    device.disconnect().await();
  }

  @Test
  void overTlsTheBrokerMustChainToTheCaAndNameTheHostUnlessToldNotTo() {
    TestCertificates.Files certs = TestCertificates.issue(dir, List.of("broker.test"));
    mosquitto = Mosquitto.startTls(dir.resolve("mosquitto"), certs.serverCert(), certs.serverKey());
    String url = "ssl://127.0.0.1:" + mosquitto.port();

    ExternalMqttBus strict = bus(url, new MqttTls(certs.caCert(), null, null, true), "hub-strict");
    deploy(strict);
    // the certificate names broker.test, not 127.0.0.1: refused, and tried again
    Poll.until(Duration.ofSeconds(30), "a second attempt", () -> metric("vertedge_mqtt_external_reconnects_total") >= 1);
    assertFalse(strict.connected());

    ExternalMqttBus lenient = bus(url, new MqttTls(certs.caCert(), null, null, false), "hub-lenient");
    List<String> taken = new CopyOnWriteArrayList<>();
    lenient.subscribe("$hw/events/upload/#", MqttQoS.AT_LEAST_ONCE, message -> {
      taken.add(message.payload().toString());
      return Future.succeededFuture();
    });
    deploy(lenient);
    Poll.until(Duration.ofSeconds(10), "connected over TLS", lenient::connected);
    // through mosquitto and back, over TLS both ways
    Poll.until(Duration.ofSeconds(10), "a round trip", () -> {
      lenient.publish("$hw/events/upload/tls", Buffer.buffer("sealed"), MqttQoS.AT_LEAST_ONCE, false).await();
      return taken.contains("sealed");
    });
  }

  @Test
  void aBrokerThatRefusesOurCredentialsIsTriedAgainAndNeverTakenForConnected() {
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"), "hub", "right");
    ExternalMqttBus wrong = bus(mosquitto.url(), MqttTls.NONE, "hub-e", "hub", "wrong");
    deploy(wrong);
    Poll.until(Duration.ofSeconds(30), "a second attempt", () -> metric("vertedge_mqtt_external_reconnects_total") >= 1);
    assertFalse(wrong.connected());

    ExternalMqttBus right = bus(mosquitto.url(), MqttTls.NONE, "hub-f", "hub", "right");
    deploy(right);
    Poll.until(Duration.ofSeconds(10), "connected with the right password", right::connected);
  }

  @Test
  void aMessageLargerThanMaxPacketSizeIsDroppedCountedAndDoesNotStallTheSession() {
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
    ExternalMqttBus bus = bus(mosquitto.url(), MqttTls.NONE, "hub-g", null, null,
        BrokerLimits.DEFAULTS.withMaxPacketSize(1024));
    List<String> taken = new CopyOnWriteArrayList<>();
    bus.subscribe("$hw/events/upload/#", MqttQoS.AT_LEAST_ONCE, message -> {
      taken.add(message.payload().toString());
      return Future.succeededFuture();
    });
    deploy(bus);
    Poll.until(Duration.ofSeconds(10), "connected", bus::connected);
    MqttClient device = device("camera-1");
    device.publish("$hw/events/upload/camera-1", Buffer.buffer("x".repeat(4096)), MqttQoS.AT_LEAST_ONCE, false, false)
        .await();
    device.publish("$hw/events/upload/camera-1", Buffer.buffer("small"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(10), "the small one taken", () -> taken.contains("small"));
    assertEquals(List.of("small"), taken);
    assertEquals(1, metric("vertedge_mqtt_external_messages_dropped_total"));
    assertEquals(0, metric("vertedge_mqtt_external_acks_pending"));
    device.disconnect().await();
  }
}
