package io.vertedge.edge.mqtt.external;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertedge.edge.mqtt.InProcessConsumer;
import io.vertedge.mqtt.TopicFilter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's in-process subscriptions on the external bus: which filters to subscribe at the
 * broker, and which consumers a received message goes to. The broker tells a client what it
 * sent, not which subscription matched, so a message is matched here against every filter.
 */
final class HubSubscriptions {

  private record Entry(String filter, TopicFilter parsed, MqttQoS qos, InProcessConsumer consumer, Context home) { }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /**
   * @param home the context the consumer is called on; {@code null} for the bus's own
   * @throws IllegalArgumentException for a malformed filter
   */
  void add(String filter, MqttQoS qos, InProcessConsumer consumer, Context home) {
    entries.add(new Entry(filter, TopicFilter.exact(filter), qos == MqttQoS.AT_MOST_ONCE ? qos : MqttQoS.AT_LEAST_ONCE,
        consumer, home));
  }

  /** Every filter with the highest QoS a consumer asked for it, in the order they were added. */
  Map<String, Integer> filters() {
    Map<String, Integer> filters = new LinkedHashMap<>();
    for (Entry entry : entries) {
      filters.merge(entry.filter(), entry.qos().value(), Math::max);
    }
    return filters;
  }

  /**
   * Hands {@code message} to every consumer whose filter matches it; each answer completes on
   * {@code bus}. Empty when none matches.
   */
  List<Future<Void>> deliver(ContextInternal bus, BrokerMessage message) {
    List<Future<Void>> answers = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.parsed().matches(message.topic())) {
        answers.add(call(bus, entry, message));
      }
    }
    return answers;
  }

  private static Future<Void> call(ContextInternal bus, Entry entry, BrokerMessage message) {
    // the answer comes back to the bus's loop whatever thread completes the consumer's future
    Promise<Void> answer = bus.promise();
    if (entry.home() == null || entry.home() == bus) {
      handle(entry.consumer(), message).onComplete(answer);
    } else {
      entry.home().runOnContext(v -> handle(entry.consumer(), message).onComplete(answer));
    }
    return answer.future();
  }

  private static Future<Void> handle(InProcessConsumer consumer, BrokerMessage message) {
    try {
      Future<Void> answer = consumer.handle(message);
      return answer != null ? answer : Future.failedFuture(new IllegalStateException("the consumer returned no future"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
