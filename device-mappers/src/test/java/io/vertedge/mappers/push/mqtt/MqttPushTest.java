package io.vertedge.mappers.push.mqtt;

import static io.vertedge.mappers.push.ConfigMaps.with;
import static io.vertedge.mappers.push.ConfigMaps.without;
import static io.vertedge.mappers.push.PushReadings.TIME;
import static io.vertedge.mappers.push.PushReadings.temperature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.testsupport.LogCapture;
import io.vertedge.mappers.testsupport.OnContext;
import io.vertedge.mappers.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PfxOptions;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against a Vert.x MqttServer that records what it receives; Mosquitto: verticles' MqttPushMosquittoTest. */
@Timeout(60)
class MqttPushTest {

  private record Published(String client, String topic, MqttQoS qos, boolean retained, String payload) { }

  private final Vertx vertx = Vertx.vertx();
  private final OnContext mapper = new OnContext(vertx.getOrCreateContext());
  private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private MqttPushMethod method;
  private MqttServer broker;
  private int port;

  @BeforeEach
  void start() {
    method = new MqttPushMethod(vertx, "edge-1");
    port = startBroker(0);
  }

  @AfterEach
  void stop() {
    mapper.await(() -> method.close());
    vertx.close().await();
  }

  @Test
  void publishesKubeEdgesTextByteForByte() {
    PushTarget target = target(Map.of("address", "tcp://127.0.0.1:" + port, "topic", "factory/t1", "qos", 1, "retained", true));

    mapper.await(() -> target.push(temperature("21.5")));

    String localTime = LocalDateTime.ofInstant(TIME, ZoneId.systemDefault()).toString().replace('T', ' ').substring(0, 19);
    assertEquals(List.of(new Published("vertedge-push-edge-1-1", "factory/t1", MqttQoS.AT_LEAST_ONCE, true,
        "time is " + localTime + "  factory/t1: 21.5")), List.copyOf(published));
  }

  @Test
  void publishesJsonWhenThePayloadKeySaysSo() {
    PushTarget target = target(Map.of("address", "mqtt://127.0.0.1:" + port, "topic", "j", "payload", "json"));

    mapper.await(() -> target.push(temperature("21.5")));

    Poll.until(Duration.ofSeconds(10), "the QoS 0 publish", () -> !published.isEmpty());
    assertEquals(new Published("vertedge-push-edge-1-1", "j", MqttQoS.AT_MOST_ONCE, false,
        "{\"device\":\"thermo-1\",\"namespace\":\"default\",\"property\":\"temperature\",\"value\":\"21.5\","
            + "\"type\":\"float\",\"timestamp\":" + TIME.toEpochMilli() + ",\"unit\":\"Cel\"}"), published.peek());
  }

  @Test
  void targetsOnOneBrokerShareOneConnectionClosedWithTheLast() {
    List<PushTarget> targets = java.util.stream.IntStream.range(0, 20).mapToObj(i -> target(Map.of(
        "address", i % 2 == 0 ? "tcp://127.0.0.1:" + port : "127.0.0.1:" + port, "topic", "t/" + i, "qos", 1))).toList();

    targets.forEach(target -> mapper.await(() -> target.push(temperature("1"))));

    assertEquals(20, published.size());
    assertEquals(1, connects.get(), "one connection for 20 targets");
    targets.subList(0, 19).forEach(target -> mapper.await(() -> Future.succeededFuture(release(target))));
    assertEquals(1, connected.get(), "open while one target is left");
    mapper.await(() -> Future.succeededFuture(release(targets.get(19))));
    Poll.until(Duration.ofSeconds(10), "the connection closed with its last target", () -> connected.get() == 0);
  }

  @Test
  void readingsWaitWhileTheBrokerIsDownAndGoOnceItIsBack() throws Exception {
    try (LogCapture log = new LogCapture(MqttConnection.class)) {
      PushTarget target = target(Map.of("address", "tcp://127.0.0.1:" + port, "topic", "t", "qos", 1));
      mapper.await(() -> target.push(temperature("1")));
      broker.close().await();
      Poll.until(Duration.ofSeconds(10), "the loss seen", () -> log.messages(Level.WARN).size() == 1);

      List<CompletableFuture<Void>> waiting = List.of(mapper.call(() -> target.push(temperature("2"))),
          mapper.call(() -> target.push(temperature("3"))));
      startBroker(port);
      waiting.forEach(OnContext::result);

      assertEquals(List.of("1", "2", "3"), published.stream().map(p -> p.payload().substring(p.payload().length() - 1)).toList());
      assertEquals(2, connects.get());
      assertEquals(1, log.messages(Level.WARN).size(), "the outage logged once");
    }
  }

  @Test
  void aFullQueueDropsTheOldest() {
    PushTarget target = target(Map.of("address", "tcp://127.0.0.1:" + port, "topic", "t", "qos", 1));
    mapper.await(() -> target.push(temperature("0")));
    broker.close().await();
    Poll.until(Duration.ofSeconds(10), "the loss seen", () -> method.connections() == 0);

    CompletableFuture<Void> oldest = mapper.call(() -> target.push(temperature("1")));
    for (int i = 0; i < MqttConnection.QUEUE_LIMIT; i++) {
      mapper.call(() -> target.push(temperature("2")));
    }

    RuntimeException dropped = assertThrows(RuntimeException.class, () -> OnContext.result(oldest));
    assertInstanceOf(PushDroppedException.class, dropped);
  }

  @Test
  void sslAddressesSpeakTlsAndCheckTheBrokersCertificate(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "secret", "-alias", "broker", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "1")
        .redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
    MqttServer tls = MqttServer.create(vertx, new MqttServerOptions().setSsl(true)
            .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword("secret")))
        .endpointHandler(endpoint -> endpoint.accept(false)).listen(0, "127.0.0.1").await();
    try (LogCapture log = new LogCapture(MqttConnection.class, Level.DEBUG)) {
      target(Map.of("address", "mqtts://localhost:" + tls.actualPort(), "topic", "t"));

      // the handshake ran and the self-signed certificate was refused: TLS spoken, the JVM's trust store used.
      // A try may also end with the channel closed mid-handshake, so any try (the first at warn, the others at debug)
      Poll.until(Duration.ofSeconds(20), "the refused certificate logged", () -> java.util.stream.Stream.concat(
          log.messages(Level.WARN).stream(), log.messages(Level.DEBUG).stream()).anyMatch(line ->
          line.contains("to ssl://localhost:" + tls.actualPort()) && line.contains("unable to find valid certification path")));
      assertEquals(1, log.messages(Level.WARN).size(), "one warning for the outage: " + log.messages(Level.WARN));
    }
  }

  @Test
  void invalidFieldsAreNamed() {
    Map<String, Object> good = Map.of("address", "tcp://127.0.0.1:1883", "topic", "t");
    assertInvalid("properties[temperature].pushMethod.mqtt.address", without(good, "address"));
    assertInvalid("properties[temperature].pushMethod.mqtt.address", with(good, "address", "ws://127.0.0.1:80"));
    assertInvalid("properties[temperature].pushMethod.mqtt.topic", without(good, "topic"));
    assertInvalid("properties[temperature].pushMethod.mqtt.topic", with(good, "topic", "a/#"));
    assertInvalid("properties[temperature].pushMethod.mqtt.qos", with(good, "qos", 3));
    assertInvalid("properties[temperature].pushMethod.mqtt.qos", with(good, "qos", "1"));
    assertInvalid("properties[temperature].pushMethod.mqtt.retained", with(good, "retained", "yes"));
    assertInvalid("properties[temperature].pushMethod.mqtt.payload", with(good, "payload", "xml"));
    assertEquals(0, connects.get());
  }

  private Void release(PushTarget target) {
    target.release();
    return null;
  }

  private void assertInvalid(String field, Map<String, Object> config) {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> target(config));
    assertEquals(field, e.field(), e.getMessage());
  }

  private PushTarget target(Map<String, Object> config) {
    return mapper.await(() -> Future.succeededFuture(method.target("properties[temperature].pushMethod.mqtt", config)));
  }

  private int startBroker(int onPort) {
    broker = MqttServer.create(vertx).endpointHandler(endpoint -> {
      connects.incrementAndGet();
      connected.incrementAndGet();
      endpoint.closeHandler(v -> connected.decrementAndGet());
      endpoint.publishHandler(message -> {
        published.add(new Published(endpoint.clientIdentifier(), message.topicName(), message.qosLevel(),
            message.isRetain(), message.payload().toString()));
        if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
          endpoint.publishAcknowledge(message.messageId());
        }
      });
      endpoint.accept(false);
    }).listen(onPort, "127.0.0.1").await();
    return broker.actualPort();
  }
}
