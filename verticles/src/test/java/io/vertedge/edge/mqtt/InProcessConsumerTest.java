package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertedge.edge.mqtt.TestBroker.Inbox;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

import static io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE;
import static io.netty.handler.codec.mqtt.MqttQoS.EXACTLY_ONCE;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonCode;
import static io.vertedge.edge.mqtt.RawMqttClient.reasonString;
import static io.vertedge.edge.mqtt.TestBroker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's side: in-process consumers as the door of reliable delivery, and the hub publishing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TWIN_UPDATES = "$hw/events/device/+/+/twin/update";
  private static final String PUMP_UPDATE = "$hw/events/device/default/pump-1/twin/update";

  private TestBroker broker;
  // fed from event loops: neither a lock nor a parking queue (BlockHound)
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
  private final LinkedTransferQueue<Promise<Void>> durable = new LinkedTransferQueue<>();

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void theClientGetsItsPubackOnlyOnceTheConsumerMadeTheMessageDurable() throws Exception {
    broker = TestBroker.start();
    subscribeHoldingEachMessage();
    MqttClient device = deviceRecordingAcks("pump-1");

    int packetId = device.publish(PUMP_UPDATE, text("{\"event_id\":\"e1\"}"), AT_LEAST_ONCE, false, false).await();
    Promise<Void> made = next(durable);
    pingAndWaitForPong(device);
    List<String> beforeDurable = List.copyOf(events);
    events.add("durable");
    made.complete();
    Poll.until(WAIT, "the PUBACK", () -> events.contains("puback " + packetId));

    // a PUBACK sent before the PINGRESP would have arrived before it: same TCP stream
    assertEquals(List.of("consumed " + PUMP_UPDATE, "pong"), beforeDurable);
    assertEquals(List.of("consumed " + PUMP_UPDATE, "pong", "durable", "puback " + packetId), List.copyOf(events));
  }

  @Test
  void aConsumerSubscribedBeforeTheStartTakesTheFirstClientsMessages() {
    broker = TestBroker.created(BrokerConfig.defaults());
    Future<LocalSubscription> early = broker.broker.subscribe(TWIN_UPDATES, message -> {
      events.add("consumed " + message.topic());
      return Future.succeededFuture();
    });
    boolean completeBeforeTheStart = early.isComplete();

    broker.deploy();
    early.await();
    MqttClient device = deviceRecordingAcks("pump-1");
    int packetId = device.publish(PUMP_UPDATE, text("{}"), AT_LEAST_ONCE, false, false).await();
    Poll.until(WAIT, "the PUBACK", () -> events.contains("puback " + packetId));
    broker.vertx.undeploy(broker.broker.deploymentID()).await();
    Throwable afterStop = failureOf(broker.broker.subscribe("a/#", message -> Future.succeededFuture()));

    assertFalse(completeBeforeTheStart);
    assertEquals(List.of("consumed " + PUMP_UPDATE, "puback " + packetId), List.copyOf(events));
    assertEquals("the MQTT broker is not running", afterStop.getMessage());
  }

  @Test
  void pubacksFollowThePublishOrderWhenConsumersFinishOutOfOrder() throws Exception {
    broker = TestBroker.start();
    subscribeHoldingEachMessage();
    MqttClient device = deviceRecordingAcks("pump-1");

    int first = device.publish(PUMP_UPDATE, text("1"), AT_LEAST_ONCE, false, false).await();
    int second = device.publish(PUMP_UPDATE, text("2"), AT_LEAST_ONCE, false, false).await();
    Promise<Void> firstDurable = next(durable);
    Promise<Void> secondDurable = next(durable);
    secondDurable.complete();
    pingAndWaitForPong(device);
    events.add("first durable");
    firstDurable.complete();
    Poll.until(WAIT, "both PUBACKs", () -> events.contains("puback " + second));

    assertEquals(List.of("consumed " + PUMP_UPDATE, "consumed " + PUMP_UPDATE, "pong", "first durable",
        "puback " + first, "puback " + second), List.copyOf(events));
  }

  @Test
  void aRefusedMessageClosesAnMqtt311PublishersConnectionWithoutPuback() {
    broker = TestBroker.start();
    broker.broker.subscribe(TWIN_UPDATES, message -> Future.failedFuture(new IllegalStateException("outbox full"))).await();
    MqttClient device = deviceRecordingAcks("pump-1");
    Promise<Void> closed = Promise.promise();
    device.closeHandler(v -> closed.tryComplete());

    device.publish(PUMP_UPDATE, text("{}"), AT_LEAST_ONCE, false, false).await();

    closed.future().await();
    assertFalse(events.stream().anyMatch(event -> event.startsWith("puback")), events.toString());
    assertEquals(1, broker.metric("vertedge_mqtt_connections_closed_total{reason=\"publish_refused\"}"));
  }

  @Test
  void aRefusedMessageGivesAnMqtt5PublisherAPubackWithTheReason() throws Exception {
    broker = TestBroker.start();
    LinkedTransferQueue<Future<Void>> answers = new LinkedTransferQueue<>(List.of(
        Future.failedFuture(new PublishRefusedException(MqttPubAckReasonCode.QUOTA_EXCEEDED, "outbox full (1 GiB)")),
        Future.failedFuture(new IllegalStateException("store closed")),
        Future.succeededFuture()));
    broker.broker.subscribe(TWIN_UPDATES, message -> answers.poll()).await();
    try (RawMqttClient device = new RawMqttClient(broker.port())) {
      device.connect("pump-1", connect -> connect);

      device.publish(PUMP_UPDATE, "1", AT_LEAST_ONCE, 1);
      MqttMessage quota = device.expect(MqttMessageType.PUBACK);
      device.publish(PUMP_UPDATE, "2", AT_LEAST_ONCE, 2);
      MqttMessage unspecified = device.expect(MqttMessageType.PUBACK);
      device.publish(PUMP_UPDATE, "3", AT_LEAST_ONCE, 3);
      MqttMessage taken = device.expect(MqttMessageType.PUBACK);

      assertEquals(0x97, reasonCode(quota), "Quota exceeded");
      assertEquals("outbox full (1 GiB)", reasonString(quota));
      assertEquals(0x80, reasonCode(unspecified), "Unspecified error");
      assertEquals("store closed", reasonString(unspecified));
      assertEquals(0x00, reasonCode(taken), "the connection goes on");
      assertEquals(3, ((MqttMessageIdVariableHeader) taken.variableHeader()).messageId());
    }
  }

  @Test
  void aPublisherWithMaxInflightMessagesWaitingForTheHubIsNotRead() throws Exception {
    broker = TestBroker.start(BrokerLimits.DEFAULTS.withMaxInflight(2));
    subscribeHoldingEachMessage();
    try (RawMqttClient device = new RawMqttClient(broker.port())) {
      device.connect("pump-1", connect -> connect.protocolVersion(MqttVersion.MQTT_3_1_1));

      for (int packetId = 1; packetId <= 4; packetId++) {
        device.publish(PUMP_UPDATE, String.valueOf(packetId), AT_LEAST_ONCE, packetId);
      }
      Poll.until(WAIT, "the publisher paused", () -> broker.metric("vertedge_mqtt_publishers_paused_total{reason=\"inflight\"}") == 1);
      int consumedWhilePaused = events.size();
      next(durable).complete();
      MqttMessage firstAck = device.expect(MqttMessageType.PUBACK);
      for (int i = 0; i < 3; i++) {
        next(durable).complete();
      }
      List<Integer> otherAcks = List.of(ackedId(device), ackedId(device), ackedId(device));

      assertEquals(2, consumedWhilePaused, "the third PUBLISH was not read while two waited");
      assertEquals(1, ((MqttMessageIdVariableHeader) firstAck.variableHeader()).messageId());
      assertEquals(List.of(2, 3, 4), otherAcks);
      assertEquals(4, events.size());
    }
  }

  @Test
  void theConsumerIsCalledOnTheContextItSubscribedFrom() {
    broker = TestBroker.start();
    Context hub = broker.vertx.getOrCreateContext();
    Future<LocalSubscription> subscribed = Future.future(done -> hub.runOnContext(v ->
        broker.broker.subscribe("readings/#", AT_MOST_ONCE, message -> {
          events.add(Vertx.currentContext() == hub ? "on the hub's context" : "elsewhere");
          return Future.succeededFuture();
        }).onComplete(done)));
    subscribed.await();
    MqttClient device = broker.client("pump-1");

    device.publish("readings/flow", text("3.2"), AT_MOST_ONCE, false, false).await();

    Poll.until(WAIT, "the message consumed", () -> !events.isEmpty());
    assertEquals(List.of("on the hub's context"), List.copyOf(events));
  }

  @Test
  void aQos0FailureIsCountedAndACancelledSubscriptionGetsNothing() {
    broker = TestBroker.start();
    LocalSubscription failing = broker.broker.subscribe("readings/#", AT_MOST_ONCE,
        message -> Future.failedFuture(new IllegalStateException("not now"))).await();
    MqttClient device = broker.client("pump-1");

    device.publish("readings/flow", text("3.2"), AT_MOST_ONCE, false, false).await();
    Poll.until(WAIT, "the failure counted",
        () -> broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"consumer_failed\"}") == 1);
    failing.cancel().await();
    device.publish("readings/flow", text("3.3"), AT_MOST_ONCE, false, false).await();
    Inbox marker = broker.subscriber("marker", "readings/#", AT_MOST_ONCE);
    device.publish("readings/flow", text("3.4"), AT_MOST_ONCE, false, false).await();

    assertEquals("3.4", marker.next().payload().toString());
    assertEquals(1, broker.metric("vertedge_mqtt_messages_dropped_total{reason=\"consumer_failed\"}"));
    assertEquals("readings/#", failing.filter());
  }

  @Test
  void theHubPublishesToClientsRetainsAndIsToldWhatItCannotPublish() {
    broker = TestBroker.start();
    Inbox mapper = broker.subscriber("mapper", "$hw/events/device/+/+/twin/update/delta", AT_LEAST_ONCE);
    String delta = "$hw/events/device/default/pump-1/twin/update/delta";

    broker.broker.publish(delta, text("{\"delta\":{\"speed\":\"3\"}}"), AT_LEAST_ONCE, true).await();
    MqttPublishMessage received = mapper.next();
    Inbox late = broker.subscriber("late", delta, AT_LEAST_ONCE);
    Throwable wildcard = failureOf(broker.broker.publish("a/+", text("x"), AT_MOST_ONCE, false));
    Throwable qos2 = failureOf(broker.broker.publish("a/b", text("x"), EXACTLY_ONCE, false));

    assertEquals("{\"delta\":{\"speed\":\"3\"}}", received.payload().toString());
    assertEquals(AT_LEAST_ONCE, received.qosLevel());
    assertTrue(late.next().isRetain());
    assertEquals("cannot publish to \"a/+\": a topic name has no wildcards", assertInstanceOf(IllegalArgumentException.class, wildcard).getMessage());
    assertEquals("EXACTLY_ONCE is not supported: publish with QoS 0 or 1", qos2.getMessage());
  }

  private void subscribeHoldingEachMessage() {
    broker.broker.subscribe(TWIN_UPDATES, message -> {
      Promise<Void> madeDurable = Promise.promise();
      events.add("consumed " + message.topic());
      durable.add(madeDurable);
      return madeDurable.future();
    }).await();
  }

  private MqttClient deviceRecordingAcks(String clientId) {
    MqttClient device = broker.unconnected(new MqttClientOptions().setClientId(clientId));
    device.publishCompletionHandler(packetId -> events.add("puback " + packetId));
    device.pingResponseHandler(v -> events.add("pong"));
    device.connect(broker.port(), "127.0.0.1").await();
    return device;
  }

  private void pingAndWaitForPong(MqttClient device) {
    device.ping();
    Poll.until(WAIT, "the PINGRESP", () -> events.contains("pong"));
  }

  private static int ackedId(RawMqttClient device) throws Exception {
    return ((MqttMessageIdVariableHeader) device.expect(MqttMessageType.PUBACK).variableHeader()).messageId();
  }

  private static <T> T next(LinkedTransferQueue<T> queue) throws InterruptedException {
    T item = queue.poll(10, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("nothing within 10 s");
    }
    return item;
  }

  private static Throwable failureOf(Future<?> future) {
    Throwable failure = future.map(result -> (Throwable) null).otherwise(cause -> cause).await();
    if (failure == null) {
      throw new AssertionError("expected a failure, got success");
    }
    return failure;
  }
}
