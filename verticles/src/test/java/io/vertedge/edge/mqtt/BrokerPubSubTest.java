package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertedge.edge.mqtt.TestBroker.Inbox;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.vertedge.edge.mqtt.TestBroker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publish and subscribe as MQTT 3.1.1 clients (Vert.x's MqttClient) see it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerPubSubTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TestBroker broker;

  @BeforeEach
  void start() {
    broker = TestBroker.start();
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void messagesReachEveryMatchingSubscriberAtTheLowerQos() {
    Inbox exact = broker.subscriber("exact", "sensors/hall/temperature", AT_LEAST_ONCE);
    Inbox oneLevel = broker.subscriber("one-level", "sensors/+/temperature", AT_MOST_ONCE);
    Inbox everything = broker.subscriber("everything", "sensors/#", AT_LEAST_ONCE);
    MqttClient publisher = broker.client("publisher");

    publisher.publish("sensors/hall/temperature", text("21.5"), AT_LEAST_ONCE, false, false).await();
    publisher.publish("sensors/hall/humidity", text("40"), AT_MOST_ONCE, false, false).await();
    publisher.publish("sensors/hall/temperature", text("21.6"), AT_MOST_ONCE, false, false).await();

    assertEquals(List.of("21.5", "21.6"), exact.next(2), "humidity does not match");
    assertEquals(List.of("21.5", "21.6"), oneLevel.next(2));
    MqttPublishMessage first = everything.next();
    assertEquals("sensors/hall/temperature", first.topicName());
    assertEquals(AT_LEAST_ONCE, first.qosLevel());
    assertEquals(List.of("40", "21.6"), everything.next(2));
    Poll.until(WAIT, "the deliveries counted", () -> broker.metric("vertedge_mqtt_messages_total{direction=\"out\",qos=\"0\"}") == 5);
    assertEquals(2, broker.metric("vertedge_mqtt_messages_total{direction=\"in\",qos=\"0\"}"));
    assertEquals(1, broker.metric("vertedge_mqtt_messages_total{direction=\"in\",qos=\"1\"}"));
    assertEquals(2, broker.metric("vertedge_mqtt_messages_total{direction=\"out\",qos=\"1\"}"));
    assertEquals(4, broker.metric("vertedge_mqtt_clients_connected"));
  }

  @Test
  void qos1SubscriberGetsQos1WithItsPacketId() {
    Inbox subscriber = broker.subscriber("subscriber", "a/b", AT_LEAST_ONCE);
    MqttClient publisher = broker.client("publisher");

    publisher.publish("a/b", text("one"), AT_LEAST_ONCE, false, false).await();

    MqttPublishMessage received = subscriber.next();
    assertEquals(AT_LEAST_ONCE, received.qosLevel());
    assertTrue(received.messageId() > 0);
    assertFalse(received.isDup());
  }

  @Test
  void leadingWildcardsDoNotMatchDollarTopics() {
    Inbox everything = broker.subscriber("everything", "#", AT_LEAST_ONCE);
    Inbox anyFirstLevel = broker.subscriber("any-first-level", "+/events/#", AT_LEAST_ONCE);
    Inbox hardware = broker.subscriber("hardware", "$hw/events/device/+/+/twin/+", AT_LEAST_ONCE);
    MqttClient publisher = broker.client("publisher");

    publisher.publish("$hw/events/device/default/pump-1/twin/update", text("{}"), AT_LEAST_ONCE, false, false).await();
    publisher.publish("marker/events/done", text("marker"), AT_LEAST_ONCE, false, false).await();

    assertEquals("$hw/events/device/default/pump-1/twin/update", hardware.next().topicName());
    // one publisher, one broker loop: had the $ message matched, it would have come first
    assertEquals("marker/events/done", everything.next().topicName());
    assertEquals("marker/events/done", anyFirstLevel.next().topicName());
  }

  @Test
  void retainedMessageIsDeliveredOnSubscribeAndClearedByAnEmptyOne() {
    MqttClient publisher = broker.client("publisher");
    publisher.publish("devices/pump-1/state", text("online"), AT_LEAST_ONCE, false, true).await();
    Poll.until(WAIT, "the message retained", () -> broker.metric("vertedge_mqtt_retained") == 1);

    Inbox late = broker.subscriber("late", "devices/+/state", AT_LEAST_ONCE);
    MqttPublishMessage retained = late.next();
    publisher.publish("devices/pump-1/state", text(""), AT_LEAST_ONCE, false, true).await();
    MqttPublishMessage clearing = late.next();
    Poll.until(WAIT, "the retained message cleared", () -> broker.metric("vertedge_mqtt_retained") == 0);
    Inbox later = broker.subscriber("later", "devices/#", AT_LEAST_ONCE);
    publisher.publish("devices/marker", text("marker"), AT_MOST_ONCE, false, false).await();

    assertEquals("online", retained.payload().toString());
    assertTrue(retained.isRetain(), "sent because of a new subscription: RETAIN set");
    assertEquals(AT_LEAST_ONCE, retained.qosLevel());
    assertEquals(0, clearing.payload().length(), "an empty retained message is still delivered");
    assertFalse(clearing.isRetain(), "sent to an established subscription: RETAIN clear");
    assertEquals("marker", later.next().payload().toString(), "nothing retained any more");
  }

  @Test
  void qos2IsGrantedAndDeliveredAsQos1() throws Exception {
    Inbox subscriber = broker.subscriber("subscriber", "orders/#", EXACTLY_ONCE);
    try (RawMqttClient publisher = new RawMqttClient(broker.port())) {
      publisher.connect("qos2-publisher", connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1));

      publisher.publish("orders/1", "pay", EXACTLY_ONCE, 7);
      MqttMessage received = publisher.expect(MqttMessageType.PUBREC);
      publisher.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, AT_LEAST_ONCE, false, 2),
          MqttMessageIdVariableHeader.from(7)));
      MqttMessage complete = publisher.expect(MqttMessageType.PUBCOMP);

      assertEquals(1, subscriber.grantedQos, "SUBACK grants QoS 1 for QoS 2");
      assertEquals(7, ((MqttMessageIdVariableHeader) received.variableHeader()).messageId());
      assertEquals(7, ((MqttMessageIdVariableHeader) complete.variableHeader()).messageId());
      MqttPublishMessage delivered = subscriber.next();
      assertEquals("pay", delivered.payload().toString());
      assertEquals(AT_LEAST_ONCE, delivered.qosLevel());
    }
  }

  @Test
  void persistentSessionKeepsSubscriptionsAndQueuesQos1WhileOffline() {
    MqttClientOptions pump = new MqttClientOptions().setClientId("pump-1").setCleanSession(false);
    Inbox first = broker.subscriber(pump, "commands/pump-1/#", AT_LEAST_ONCE);
    first.client.disconnect().await();
    Poll.until(WAIT, "pump-1 gone", () -> broker.metric("vertedge_mqtt_clients_connected") == 0);
    MqttClient publisher = broker.client(new MqttClientOptions().setClientId("publisher").setMaxInflightQueue(100));

    for (String command : List.of("start", "speed 3", "stop")) {
      publisher.publish("commands/pump-1/run", text(command), AT_LEAST_ONCE, false, false).await();
    }
    publisher.publish("commands/pump-1/run", text("lost"), AT_MOST_ONCE, false, false).await();
    Poll.until(WAIT, "three messages queued", () -> broker.metric("vertedge_mqtt_queued") == 3
        && broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"client_offline\"}") == 1);
    Inbox back = broker.reconnect(pump);

    assertTrue(back.connAck.isSessionPresent());
    assertEquals(List.of("start", "speed 3", "stop"), back.next(3));
    Poll.until(WAIT, "the queue emptied", () -> broker.metric("vertedge_mqtt_queued") == 0);
    assertEquals(2, broker.metric("vertedge_mqtt_sessions"), "pump-1 and the publisher");
  }

  @Test
  void unacknowledgedQos1IsSentAgainWithDupAfterReconnecting() {
    MqttClientOptions notAcking = new MqttClientOptions().setClientId("worker").setCleanSession(false);
    notAcking.setAutoAck(false);
    Inbox first = broker.subscriber(notAcking, "jobs/#", AT_LEAST_ONCE);
    MqttClient publisher = broker.client("publisher");
    publisher.publish("jobs/1", text("do it"), AT_LEAST_ONCE, false, false).await();
    MqttPublishMessage unacknowledged = first.next();
    first.client.disconnect().await();
    Poll.until(WAIT, "worker gone", () -> broker.metric("vertedge_mqtt_clients_connected") == 1);

    Inbox back = broker.reconnect(new MqttClientOptions().setClientId("worker").setCleanSession(false));

    MqttPublishMessage again = back.next();
    assertFalse(unacknowledged.isDup());
    assertTrue(again.isDup());
    assertEquals(unacknowledged.messageId(), again.messageId());
    assertEquals("do it", again.payload().toString());
  }

  @Test
  void cleanSessionEndsWhatAPersistentOneKept() {
    MqttClientOptions persistent = new MqttClientOptions().setClientId("sensor").setCleanSession(false);
    Inbox first = broker.subscriber(persistent, "config/#", AT_LEAST_ONCE);
    first.client.disconnect().await();
    Poll.until(WAIT, "sensor gone", () -> broker.metric("vertedge_mqtt_clients_connected") == 0);
    MqttClient publisher = broker.client("publisher");
    publisher.publish("config/interval", text("5s"), AT_LEAST_ONCE, false, false).await();
    Poll.until(WAIT, "the message queued", () -> broker.metric("vertedge_mqtt_queued") == 1);

    Inbox clean = broker.subscriber(new MqttClientOptions().setClientId("sensor").setCleanSession(true), "marker", AT_MOST_ONCE);
    publisher.publish("marker", text("marker"), AT_MOST_ONCE, false, false).await();

    assertEquals("marker", clean.next().payload().toString(), "the kept message went with the old session");
    assertEquals(1, broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"session_ended\"}"));
    assertEquals(0, broker.metric("vertedge_mqtt_queued"));
  }

  @Test
  void aSecondConnectionWithTheSameClientIdReplacesTheFirst() {
    MqttClient first = broker.client("same-id");
    Promise<Void> firstClosed = Promise.promise();
    first.closeHandler(v -> firstClosed.tryComplete());

    MqttClient second = broker.client("same-id");

    firstClosed.future().await();
    assertTrue(second.isConnected());
    Poll.until(WAIT, "one connection left", () -> broker.metric("vertedge_mqtt_clients_connected") == 1);
    assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"session_taken_over\"}"));
    assertEquals(1, broker.metric("vertedge_mqtt_sessions"));
  }

  @Test
  void willIsPublishedWhenAClientVanishesButNotAfterDisconnect() throws Exception {
    Inbox watcher = broker.subscriber("watcher", "status/#", AT_LEAST_ONCE);
    RawMqttClient vanishing = new RawMqttClient(broker.port());
    vanishing.connect("vanishing", connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1)
        .willFlag(true).willTopic("status/vanishing").willMessage("gone").willQoS(AT_LEAST_ONCE));
    try (RawMqttClient polite = new RawMqttClient(broker.port())) {
      polite.connect("polite", connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1)
          .willFlag(true).willTopic("status/polite").willMessage("gone").willQoS(AT_LEAST_ONCE));
      polite.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, AT_MOST_ONCE, false, 0)));
      assertEquals(List.of(), polite.untilClosed());
    }

    vanishing.close();

    MqttPublishMessage will = watcher.next();
    assertEquals("status/vanishing", will.topicName(), "the polite client's will never came");
    assertEquals("gone", will.payload().toString());
  }
}
