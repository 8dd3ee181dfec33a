package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertedge.edge.mqtt.TestBroker.Inbox;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.vertedge.edge.mqtt.RawMqttClient.property;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonCode;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonString;
import static io.vertedge.edge.mqtt.TestBroker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client sees when the broker refuses it or something it sends, and that the others go on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerRefusalsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TestBroker broker;

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void wrongOrMissingCredentialsAreRefusedWithTheCodeOfTheClientsVersion() throws Exception {
    broker = TestBroker.start(BrokerConfig.defaults().withCredentials("edge", "s3cret"));
    MqttClient guessing = broker.unconnected(new MqttClientOptions().setClientId("guessing").setUsername("edge").setPassword("guess"));
    MqttClient anonymous = broker.unconnected(new MqttClientOptions().setClientId("anonymous"));

    Throwable wrongPassword = failureOf(guessing.connect(broker.port(), "127.0.0.1"));
    Throwable noPassword = failureOf(anonymous.connect(broker.port(), "127.0.0.1"));
    MqttConnAckMessage mqtt5Refusal;
    List<MqttMessage> afterRefusal;
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      mqtt5Refusal = mqtt5.connect("mqtt5", connect -> connect.hasUser(true).username("edge").hasPassword(true).password("nope"));
      afterRefusal = mqtt5.untilClosed();
    }
    MqttClient admitted = broker.client(new MqttClientOptions().setClientId("admitted").setUsername("edge").setPassword("s3cret"));

    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
        assertInstanceOf(MqttConnectionException.class, wrongPassword).code());
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
        assertInstanceOf(MqttConnectionException.class, noPassword).code());
    assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD,
        mqtt5Refusal.variableHeader().connectReturnCode(), "MQTT 5 reason code 0x86");
    assertEquals(List.of(), afterRefusal, "closed after the CONNACK");
    assertTrue(admitted.isConnected());
    assertEquals(3, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"bad_credentials\"}"));
    assertEquals(1, broker.metric("vertedge_mqtt_clients_connected"));
  }

  @Test
  void anOversizePacketDisconnectsItsSenderAndTheBrokerServesTheOthers() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withMaxPacketSize(1024));
    Inbox watcher = broker.subscriber("watcher", "uploads/#", AT_LEAST_ONCE);
    MqttClient big = broker.client("big");
    Promise<Void> bigClosed = Promise.promise();
    big.closeHandler(v -> bigClosed.tryComplete());
    MqttMessage mqtt5Disconnect;
    List<MqttMessage> afterDisconnect;

    big.publish("uploads/image", Buffer.buffer(new byte[2048]), AT_LEAST_ONCE, false, false);
    bigClosed.future().await();
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      MqttConnAckMessage connAck = mqtt5.connect("big-5", connect -> connect);
      assertEquals(1024, property(connAck, MqttProperties.MAXIMUM_PACKET_SIZE), "announced in the CONNACK");
      mqtt5.publish("uploads/image", new byte[4096], AT_LEAST_ONCE, 1, MqttProperties.NO_PROPERTIES);
      mqtt5Disconnect = mqtt5.next(WAIT);
      afterDisconnect = mqtt5.untilClosed();
    }
    MqttClient small = broker.client("small");
    small.publish("uploads/note", text("small"), AT_LEAST_ONCE, false, false).await();

    assertEquals("small", watcher.next().payload().toString(), "the oversize messages were not delivered");
    assertEquals(MqttMessageType.DISCONNECT, mqtt5Disconnect.fixedHeader().messageType());
    assertEquals(0x95, reasonCode(mqtt5Disconnect), "Packet too large");
    assertTrue(reasonString(mqtt5Disconnect).startsWith("packet larger than 1024 bytes"), reasonString(mqtt5Disconnect));
    assertEquals(List.of(), afterDisconnect);
    Poll.until(WAIT, "both refusals counted",
        () -> broker.metric("vertedge_mqtt_connections_closed_total{reason=\"packet_too_large\"}") == 2);
    assertFalse(big.isConnected());
  }

  @Test
  void mqtt5ConnAckTellsTheLimitsAndAssignsAClientId() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withMaxInflight(8));
    try (RawMqttClient client = new RawMqttClient(broker.port())) {
      MqttConnAckMessage connAck = client.connect("", connect -> connect);

      assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connAck.variableHeader().connectReturnCode());
      assertFalse(connAck.variableHeader().isSessionPresent());
      assertEquals("vertedge-1", property(connAck, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER));
      assertEquals(1, property(connAck, MqttProperties.MAXIMUM_QOS));
      assertEquals(8, property(connAck, MqttProperties.RECEIVE_MAXIMUM));
      assertEquals(1024 * 1024, property(connAck, MqttProperties.MAXIMUM_PACKET_SIZE));
      assertEquals(1, property(connAck, MqttProperties.RETAIN_AVAILABLE));
      assertEquals(1, property(connAck, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE));
      assertEquals(0, property(connAck, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE));
      assertEquals(0, property(connAck, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE));
      assertEquals(0, property(connAck, MqttProperties.TOPIC_ALIAS_MAXIMUM));
    }
  }

  @Test
  void mqtt5SessionExpiryIsCappedAndTold() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withSessionExpiry(Duration.ofMinutes(5)));
    MqttProperties askForADay = new MqttProperties();
    askForADay.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 86_400));
    try (RawMqttClient client = new RawMqttClient(broker.port())) {
      MqttConnAckMessage connAck = client.connect("long-lived", connect -> connect.cleanSession(false).properties(askForADay));

      assertEquals(300, property(connAck, MqttProperties.SESSION_EXPIRY_INTERVAL));
    }
  }

  @Test
  void aTooLongTopicDisconnectsAPublisherAndIsRefusedInASubAck() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withMaxTopicLength(32));
    String tooLong = "devices/" + "x".repeat(40);
    MqttClient mqtt311 = broker.client("mqtt311");
    int grantedTooLong = TestBroker.subscribe(mqtt311, tooLong + "/#", AT_LEAST_ONCE);
    MqttSubAckMessage subAck;
    MqttMessage disconnect;
    List<MqttMessage> afterDisconnect;
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      mqtt5.connect("mqtt5", connect -> connect);
      subAck = (MqttSubAckMessage) mqtt5.subscribe(1, AT_LEAST_ONCE, tooLong, "devices/+");
      mqtt5.publish(tooLong, "x", AT_MOST_ONCE, 0);
      disconnect = mqtt5.next(WAIT);
      afterDisconnect = mqtt5.untilClosed();
    }

    assertEquals(0x80, grantedTooLong, "MQTT 3.1.1: Failure");
    assertEquals(List.of(0x8F, 1), subAck.payload().reasonCodes(), "Topic Filter invalid, and the good one granted");
    assertEquals(0x90, reasonCode(disconnect), "Topic Name invalid");
    assertEquals("PUBLISH to a topic of 48 bytes, longer than 32", reasonString(disconnect));
    assertEquals(List.of(), afterDisconnect);
    assertTrue(mqtt311.isConnected(), "a refused filter does not cost the connection");
    assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"topic_invalid\"}"));
  }

  @Test
  void mqtt5PublishAtQos2IsRefusedAsAnnounced() throws Exception {
    broker = TestBroker.start();
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      mqtt5.connect("qos2", connect -> connect);

      mqtt5.publish("orders/1", "pay", EXACTLY_ONCE, 1);
      MqttMessage disconnect = mqtt5.next(WAIT);

      assertEquals(0x9B, reasonCode(disconnect), "QoS not supported");
      assertEquals("QoS 2 is not supported (Maximum QoS 1)", reasonString(disconnect));
      assertEquals(List.of(), mqtt5.untilClosed());
    }
    assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"qos_not_supported\"}"));
  }

  @Test
  void sharedSubscriptionsAreRefused() throws Exception {
    broker = TestBroker.start();
    try (RawMqttClient mqtt5 = new RawMqttClient(broker.port())) {
      mqtt5.connect("shared", connect -> connect);

      MqttSubAckMessage subAck = (MqttSubAckMessage) mqtt5.subscribe(1, AT_LEAST_ONCE, "$share/group/a/#");

      assertEquals(List.of(0x9E), subAck.payload().reasonCodes(), "Shared Subscriptions not supported");
    }
  }

  @Test
  void aMalformedPacketClosesTheConnection() throws Exception {
    broker = TestBroker.start();
    try (RawMqttClient client = new RawMqttClient(broker.port())) {
      client.connect("malformed", connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1));

      // a PUBLISH with QoS 3, which does not exist
      client.sendBytes(new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01});

      assertEquals(List.of(), client.untilClosed());
    }
    assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"protocol_error\"}"));
  }

  private static Throwable failureOf(Future<?> future) {
    Throwable failure = future.map(result -> (Throwable) null).otherwise(cause -> cause).await();
    if (failure == null) {
      throw new AssertionError("expected a failure, got success");
    }
    return failure;
  }
}
