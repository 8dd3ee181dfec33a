package io.vertedge.edge.mqtt.external;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertedge.link.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * What the broker sends, on the bus's event loop: handed to the hub's consumers, a QoS 1 message
 * acknowledged through its connection once they took it. After a refusal the connection is
 * closed once a backoff has passed (1 s, doubling with each refusal in a row up to 30 s, reset
 * once a message is taken), so that the broker, whose session resumes, sends it again.
 */
final class Inbound {

  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final Vertx vertx;
  private final ExternalBroker broker;
  private final HubSubscriptions subscriptions;
  private final ExternalBusMetrics metrics;
  private final Backoff refusals = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  Inbound(Vertx vertx, ExternalBroker broker, HubSubscriptions subscriptions, ExternalBusMetrics metrics) {
    this.vertx = vertx;
    this.broker = broker;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
  }

  void received(ContextInternal loop, BrokerConnection connection, MqttPublishMessage message) {
    MqttQoS qos = message.qosLevel() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    metrics.received(qos);
    if (qos == MqttQoS.AT_LEAST_ONCE && connection.refusing()) {
      metrics.ackWithheld(); // not taken, not acknowledged: the broker sends it again on the next connection
      return;
    }
    long size = message.payload().length() + (long) message.topicName().length();
    if (size > broker.maxMessageSize()) {
      metrics.droppedTooLarge();
      log.warn("[broker: {}, topic: {}] a message of {} bytes is larger than mqtt.maxPacketSize ({}): dropped{}",
          broker.url(), message.topicName(), size, broker.maxMessageSize(),
          qos == MqttQoS.AT_LEAST_ONCE ? " and acknowledged, so that it does not come again" : "");
      if (qos == MqttQoS.AT_LEAST_ONCE) {
        connection.received(message, Future.succeededFuture(), () -> { });
      }
      return;
    }
    BrokerMessage delivered = new BrokerMessage(message.topicName(), message.payload(), qos, message.isRetain(),
        MqttProperties.NO_PROPERTIES, null);
    List<Future<Void>> answers = subscriptions.deliver(loop, delivered);
    if (qos == MqttQoS.AT_MOST_ONCE) {
      answers.forEach(answer -> answer.onFailure(failure -> log.debug("[topic: {}] the hub failed a QoS 0 message: {}",
          message.topicName(), failure.toString())));
      return;
    }
    Future<Void> handled = Future.<Void>all(answers).<Void>mapEmpty().onSuccess(v -> refusals.reset());
    connection.received(message, handled, () -> refused(connection, message.topicName(), handled.cause()));
  }

  private void refused(BrokerConnection connection, String topic, Throwable cause) {
    long delay = Math.max(1000, refusals.nextDelayMillis());
    log.warn("[broker: {}, client: {}, topic: {}] the hub refused a QoS 1 message ({}); it is not acknowledged: "
        + "reconnecting in {} ms so that the broker sends it again", broker.url(), broker.clientId(), topic,
        cause == null ? "no reason" : cause.getMessage(), delay);
    vertx.setTimer(delay, id -> {
      if (connection.client.isConnected()) {
        connection.client.disconnect();
      }
    });
  }
}
