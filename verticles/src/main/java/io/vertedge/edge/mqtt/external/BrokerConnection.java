package io.vertedge.edge.mqtt.external;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection to the external broker, confined to the bus's event loop. It sends the PUBACK
 * of a received QoS 1 message once the hub has it, in the order the messages came (as MQTT asks
 * of a client), and matches the broker's PUBACKs to the hub's QoS 1 publishes. A message the
 * hub refused is never acknowledged here: once refused, the connection acknowledges nothing
 * after it and hands no more QoS 1 messages to the hub; the bus closes it, and the broker sends what
 * was not acknowledged again when the persistent session resumes.
 */
final class BrokerConnection {

  private record Received(MqttPublishMessage message, Future<Void> handled) { }

  final MqttClient client;
  private final ExternalBusMetrics metrics;
  private final ArrayDeque<Received> unacknowledged = new ArrayDeque<>();
  private final Map<Integer, Promise<Void>> publishes = new HashMap<>();
  /** PUBACKs that came before the write of their PUBLISH completed here. */
  private final Set<Integer> earlyPubacks = new HashSet<>();
  /** The filters of the SUBSCRIBE waiting for its SUBACK; one at a time, so the SUBACK needs no packet id. */
  private List<String> subscribing = List.of();
  /** Filters the broker refused on this connection: not asked for again before the next one. */
  private final Set<String> refusedFilters = new HashSet<>();
  private boolean refusing;
  private boolean closed;

  BrokerConnection(MqttClient client, ExternalBusMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /** Whether the hub refused a message on this connection: no QoS 1 message is taken or acknowledged any more. */
  boolean refusing() {
    return refusing;
  }

  /**
   * A QoS 1 message handed to the hub; its PUBACK goes once {@code handled} succeeded and every
   * message before it was acknowledged. {@code onFirstRefusal} runs when the hub refuses the first.
   */
  void received(MqttPublishMessage message, Future<Void> handled, Runnable onFirstRefusal) {
    unacknowledged.add(new Received(message, handled));
    metrics.acksPending(1);
    handled.onComplete(done -> {
      if (done.failed() && !refusing && !closed) {
        refusing = true;
        onFirstRefusal.run();
      }
      acknowledgeInOrder();
    });
  }

  /** Up to the first message not taken yet: a refused one stops it for good, so nothing after it is acknowledged. */
  private void acknowledgeInOrder() {
    while (!closed && client.isConnected() && !unacknowledged.isEmpty() && unacknowledged.peek().handled().succeeded()) {
      unacknowledged.poll().message().ack();
      metrics.acksPending(-1);
    }
  }

  /** Completes once the broker acknowledged the QoS 1 publish with this packet id. */
  Future<Void> awaitPuback(int packetId) {
    Promise<Void> acknowledged = Promise.promise();
    if (closed) {
      acknowledged.fail(new BrokerUnavailableException("the connection to the MQTT broker ended before its PUBACK"));
    } else if (earlyPubacks.remove(packetId)) {
      acknowledged.complete();
    } else {
      publishes.put(packetId, acknowledged);
    }
    return acknowledged.future();
  }

  void puback(int packetId) {
    Promise<Void> waiting = publishes.remove(packetId);
    if (waiting != null) {
      waiting.complete();
    } else {
      earlyPubacks.add(packetId);
    }
  }

  /** A SUBSCRIBE for these filters is sent; its SUBACK is read against them. */
  void subscribing(List<String> filters) {
    subscribing = List.copyOf(filters);
  }

  /** Filters of the SUBSCRIBE sent and not answered yet (empty when none). */
  List<String> unconfirmedFilters() {
    return subscribing;
  }

  void refused(String filter) {
    refusedFilters.add(filter);
  }

  Set<String> refusedFilters() {
    return refusedFilters;
  }

  /** The SUBACK came: the filters it answers, in order. */
  List<String> subscribed() {
    List<String> filters = subscribing;
    subscribing = List.of();
    return filters;
  }

  /**
   * The connection ended: QoS 1 publishes without PUBACK fail, and what the hub was handed and
   * not acknowledged stays with the broker (counted as withheld), to come again.
   */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    metrics.acksPending(-unacknowledged.size());
    unacknowledged.forEach(message -> metrics.ackWithheld());
    unacknowledged.clear();
    publishes.values().forEach(waiting -> {
      metrics.publishFailed(ExternalBusMetrics.PublishFailure.CONNECTION_LOST);
      waiting.tryFail(new BrokerUnavailableException("the connection to the MQTT broker ended before its PUBACK"));
    });
    publishes.clear();
  }
}
