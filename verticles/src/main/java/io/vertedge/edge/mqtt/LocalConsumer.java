package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InProcessConsumer} as a subscriber: called on the context it subscribed from, its
 * answer brought back to the broker's event loop. A QoS 0 failure is only counted and logged;
 * a QoS 1 answer gates the publisher's PUBACK ({@link Router.Routed#accepted()}).
 */
final class LocalConsumer implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(LocalConsumer.class);

  private final ContextInternal broker;
  private final Context home;
  private final InProcessConsumer handler;
  private final BrokerMetrics metrics;

  LocalConsumer(ContextInternal broker, Context home, InProcessConsumer handler, BrokerMetrics metrics) {
    this.broker = broker;
    this.home = home;
    this.handler = handler;
    this.metrics = metrics;
  }

  /** Completes on the broker's event loop with the consumer's answer. */
  Future<Void> deliver(BrokerMessage message) {
    metrics.sent(message.qos());
    Promise<Void> answer = broker.promise();
    if (home == broker) {
      call(message).onComplete(answer);
    } else {
      home.runOnContext(v -> call(message).onComplete(answer));
    }
    Future<Void> answered = answer.future();
    if (message.qos() == MqttQoS.AT_MOST_ONCE) {
      answered.onFailure(failure -> {
        metrics.dropped(BrokerMetrics.Drop.CONSUMER_FAILED, 1);
        log.debug("[topic: {}] an in-process consumer failed a QoS 0 message: {}", message.topic(), failure.toString());
      });
    }
    return answered;
  }

  private Future<Void> call(BrokerMessage message) {
    try {
      Future<Void> answer = handler.handle(message);
      return answer != null ? answer : Future.failedFuture(new IllegalStateException("the consumer returned no future"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
