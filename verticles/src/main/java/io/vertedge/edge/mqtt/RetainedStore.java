package io.vertedge.edge.mqtt;

import io.vertedge.mqtt.TopicFilter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The last retained message of each topic, in memory, at most {@code maxRetained} topics.
 * An empty retained payload clears the topic. Used on the broker's event loop.
 */
final class RetainedStore {

  private final Map<String, BrokerMessage> messages = new HashMap<>();
  private final int maxRetained;
  private final BrokerMetrics metrics;

  RetainedStore(int maxRetained, BrokerMetrics metrics) {
    this.maxRetained = maxRetained;
    this.metrics = metrics;
  }

  /** Keeps, replaces or (empty payload) clears the topic's retained message; false when full. */
  boolean retain(BrokerMessage message) {
    if (message.payload().length() == 0) {
      if (messages.remove(message.topic()) != null) {
        metrics.retained(-1);
      }
      return true;
    }
    if (!messages.containsKey(message.topic()) && messages.size() >= maxRetained) {
      metrics.dropped(BrokerMetrics.Drop.RETAINED_FULL, 1);
      return false;
    }
    if (messages.put(message.topic(), message.withRetain(true)) == null) {
      metrics.retained(1);
    }
    return true;
  }

  /** The retained messages whose topic the filter matches ({@code $} rule included). */
  void matching(TopicFilter filter, Consumer<BrokerMessage> visitor) {
    for (BrokerMessage message : messages.values()) {
      if (filter.matches(message.topic())) {
        visitor.accept(message);
      }
    }
  }

  int size() {
    return messages.size();
  }

  void clear() {
    metrics.retained(-messages.size());
    messages.clear();
  }
}
