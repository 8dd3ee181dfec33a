package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertedge.edge.mqtt.TestBroker.Inbox;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscriber that does not read: its publishers are slowed through TCP up to its bound, and
 * past it what is dropped or disconnected is counted. The stuck subscriber is a raw socket with
 * a small receive buffer that the test reads only when it says so.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowSubscriberTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PAYLOAD = 4096;
  private static final String IN_QOS0 = "vertedge_mqtt_messages_total{direction=\"in\",qos=\"0\"}";

  private TestBroker broker;

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void aSlowSubscriberHoldsItsPublisherBackAndLosesNothingWithinItsBound() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withQueue(200, 64L << 20).withSlowSubscriberTimeout(Duration.ofMinutes(1)));
    int count = 3000;
    try (RawMqttClient slow = stuckSubscriber("slow", AT_MOST_ONCE, false)) {
      MqttClient publisher = broker.client("publisher");

      for (int i = 0; i < count; i++) {
        publisher.publish("load/slow", payload(i), AT_MOST_ONCE, false, false);
      }
      Poll.until(WAIT, "the publisher paused", () -> broker.metric("vertedge_mqtt_publishers_paused_total{reason=\"subscriber_queue\"}") >= 1);
      long takenWhilePaused = broker.metric(IN_QOS0);
      List<Integer> received = indexes(slow, count);

      assertTrue(takenWhilePaused < count, "the broker stopped taking messages: " + takenWhilePaused);
      assertEquals(IntStream.range(0, count).boxed().toList(), received, "every message, in order");
      assertEquals(count, broker.metric(IN_QOS0));
      assertEquals(0, droppedOrCut(), broker.scrape());
    }
  }

  @Test
  void aSubscriberThatStaysStuckIsDisconnectedAndItsPublisherGoesOn() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withQueue(100, 64L << 20).withSlowSubscriberTimeout(Duration.ofSeconds(2)));
    int count = 2000;
    try (RawMqttClient stuck = stuckSubscriber("stuck", AT_MOST_ONCE, false)) {
      Inbox healthy = broker.subscriber("healthy", "load/#", AT_MOST_ONCE);
      MqttClient publisher = broker.client("publisher");

      for (int i = 0; i < count; i++) {
        publisher.publish("load/stuck", payload(i), AT_MOST_ONCE, false, false);
      }
      Poll.until(WAIT, "the stuck subscriber cut off",
          () -> broker.metric("vertedge_mqtt_connections_closed_total{reason=\"slow_subscriber\"}") == 1);
      List<Integer> healthyGot = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        healthyGot.add(index(healthy.next().payload()));
      }
      List<MqttMessage> stuckGot = stuck.untilClosed();

      assertEquals(IntStream.range(0, count).boxed().toList(), healthyGot, "the publisher went on");
      assertTrue(stuckGot.stream().allMatch(m -> m.fixedHeader().messageType() == MqttMessageType.PUBLISH),
          "no DISCONNECT can reach a client that does not read: the socket was closed");
      assertTrue(stuckGot.size() < count, "what the stuck client read before the close: " + stuckGot.size());
      assertTrue(broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"slow_subscriber\"}") > 0,
          "its queued QoS 0 messages were dropped and counted");
      assertEquals(0, broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"queue_full\"}"));
      Poll.until(WAIT, "the stuck client gone", () -> broker.metric("vertedge_mqtt_clients_connected") == 2);
    }
  }

  @Test
  void qos0FromTheHubPastTheBoundIsDroppedAndCounted() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withQueue(100, 64L << 20).withSlowSubscriberTimeout(Duration.ofMinutes(1)));
    int count = 1000;
    try (RawMqttClient stuck = stuckSubscriber("stuck", AT_MOST_ONCE, false)) {
      // the hub publishes without waiting for its futures: nothing slows it but the bound
      List<Future<Void>> published = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        published.add(broker.broker.publish("load/hub", payload(i), AT_MOST_ONCE, false));
      }
      Poll.until(WAIT, "everything routed", () -> broker.metric(IN_QOS0) == count);
      long dropped = broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"queue_full\"}");
      long queued = broker.metric("vertedge_mqtt_queued");
      List<Integer> received = indexes(stuck, (int) (count - dropped));
      Future.all(published).await();

      assertTrue(dropped > 0, "past the bound");
      assertEquals(100, queued, "the queue at its bound");
      assertEquals(count - dropped, received.size());
      assertTrue(received.equals(received.stream().sorted().toList()), "in order, with a gap where it was full");
      assertEquals(0, received.get(0));
    }
  }

  @Test
  void aQos1SubscriberPastItsBoundIsDisconnectedAndItsSessionKeepsWhatFits() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withQueue(100, 64L << 20).withSlowSubscriberTimeout(Duration.ofMinutes(1)));
    int count = 150;
    try (RawMqttClient stuck = stuckSubscriber("worker", AT_LEAST_ONCE, true)) {
      for (int i = 0; i < count; i++) {
        broker.broker.publish("load/jobs", payload(i), AT_LEAST_ONCE, false);
      }
      Poll.until(WAIT, "the worker cut off", () -> broker.metric("vertedge_mqtt_connections_closed_total{reason=\"slow_subscriber\"}") == 1
          && broker.metric("vertedge_mqtt_messages_total{direction=\"in\",qos=\"1\"}") == count);
      stuck.untilClosed();
      long dropped = broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"queue_full\"}");
      Inbox back = broker.reconnect(new MqttClientOptions().setClientId("worker").setCleanSession(false));
      List<Integer> redelivered = new ArrayList<>();
      for (int i = 0; i < count - dropped; i++) {
        redelivered.add(index(back.next().payload()));
      }

      assertTrue(back.connAck.isSessionPresent());
      assertTrue(dropped > 0, "what did not fit in the offline queue");
      assertEquals(IntStream.range(0, (int) (count - dropped)).boxed().toList(), redelivered,
          "in flight ones again, then the queue: nothing lost up to the bound");
    }
  }

  private RawMqttClient stuckSubscriber(String clientId, io.netty.handler.codec.mqtt.MqttQoS qos, boolean persistent)
      throws Exception {
    RawMqttClient client = new RawMqttClient(broker.port(), 4096);
    client.connect(clientId, connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(!persistent));
    client.subscribe(1, qos, "load/#");
    return client;
  }

  private long droppedOrCut() {
    long dropped = 0;
    for (BrokerMetrics.Drop reason : BrokerMetrics.Drop.values()) {
      dropped += broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"" + reason.name().toLowerCase() + "\"}");
    }
    return dropped + broker.metric("vertedge_mqtt_connections_closed_total{reason=\"slow_subscriber\"}");
  }

  private static List<Integer> indexes(RawMqttClient subscriber, int count) throws Exception {
    List<Integer> indexes = new ArrayList<>();
    while (indexes.size() < count) {
      MqttMessage message = subscriber.next(WAIT);
      if (message == null) {
        throw new AssertionError("closed after " + indexes.size() + " messages");
      }
      MqttPublishMessage publish = (MqttPublishMessage) message;
      indexes.add(index(Buffer.buffer(publish.payload().toString(StandardCharsets.UTF_8))));
    }
    return indexes;
  }

  private static Buffer payload(int index) {
    String prefix = index + ":";
    return Buffer.buffer(prefix + "x".repeat(PAYLOAD - prefix.length()));
  }

  private static int index(Buffer payload) {
    String text = payload.toString();
    return Integer.parseInt(text.substring(0, text.indexOf(':')));
  }
}
