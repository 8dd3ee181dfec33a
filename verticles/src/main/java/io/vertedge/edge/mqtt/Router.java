package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption.RetainedHandlingPolicy;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes each published message to every subscription that matches it, and keeps retained
 * messages. Used on the broker's event loop.
 */
final class Router {

  /**
   * What a publisher waits on.
   *
   * @param accepted succeeds once every in-process consumer took the QoS 1 message (the PUBACK
   *     waits for it); fails with the first consumer's failure
   * @param drained completes once no subscriber of the message holds publishers back
   */
  record Routed(Future<Void> accepted, Future<Void> drained) {
  }

  private static final Future<Void> DONE = Future.succeededFuture();

  private final SubscriptionTree tree;
  private final RetainedStore retained;
  private final BrokerMetrics metrics;

  Router(SubscriptionTree tree, RetainedStore retained, BrokerMetrics metrics) {
    this.tree = tree;
    this.retained = retained;
    this.metrics = metrics;
  }

  /** Routes a message published by {@code origin} ({@code null}: by the hub). */
  Routed route(BrokerMessage message, Session origin) {
    metrics.received(message.qos());
    if (message.retain()) {
      retained.retain(message);
    }
    Map<Subscriber, Subscription> targets = new LinkedHashMap<>();
    tree.match(message.topic(), s -> targets.merge(s.subscriber(), s, Subscription::stronger));
    List<Future<Void>> acceptances = null;
    List<Future<Void>> holds = null;
    for (Subscription subscription : targets.values()) {
      Subscriber subscriber = subscription.subscriber();
      if (subscriber == origin && subscription.options().isNoLocal()) {
        continue;
      }
      BrokerMessage delivered = message.withQos(lower(message.qos(), subscription.qos()))
          .withRetain(message.retain() && subscription.options().isRetainAsPublished());
      if (subscriber instanceof Session session) {
        Future<Void> hold = session.offer(delivered);
        // a client is not paused for its own queue: it could not read the acknowledgements that drain it
        if (hold != null && session != origin) {
          holds = add(holds, hold);
        }
      } else if (subscriber instanceof LocalConsumer consumer) {
        Future<Void> taken = consumer.deliver(delivered);
        if (delivered.qos() == MqttQoS.AT_LEAST_ONCE) {
          acceptances = add(acceptances, taken);
        }
      }
    }
    return new Routed(all(acceptances), all(holds));
  }

  /**
   * Subscribes and delivers the retained messages the filter matches, as MQTT 5's retain
   * handling asks ({@code SEND_AT_SUBSCRIBE} for MQTT 3.1.1). True when the subscription is new.
   */
  boolean subscribe(Subscription subscription) {
    boolean added = tree.add(subscription);
    RetainedHandlingPolicy policy = subscription.options().retainHandling();
    if (policy == RetainedHandlingPolicy.SEND_AT_SUBSCRIBE
        || (policy == RetainedHandlingPolicy.SEND_AT_SUBSCRIBE_IF_NOT_YET_EXISTS && added)) {
      retained.matching(subscription.filter(), message -> {
        BrokerMessage delivered = message.withQos(lower(message.qos(), subscription.qos()));
        if (subscription.subscriber() instanceof Session session) {
          session.offer(delivered);
        } else if (subscription.subscriber() instanceof LocalConsumer consumer) {
          consumer.deliver(delivered);
        }
      });
    }
    return added;
  }

  boolean unsubscribe(Subscription subscription) {
    return tree.remove(subscription.subscriber(), subscription.filter());
  }

  private static MqttQoS lower(MqttQoS a, MqttQoS b) {
    return a.value() <= b.value() ? a : b;
  }

  private static List<Future<Void>> add(List<Future<Void>> list, Future<Void> future) {
    List<Future<Void>> futures = list == null ? new ArrayList<>(2) : list;
    futures.add(future);
    return futures;
  }

  private static Future<Void> all(List<Future<Void>> futures) {
    if (futures == null) {
      return DONE;
    }
    return futures.size() == 1 ? futures.get(0) : Future.all(futures).mapEmpty();
  }
}
