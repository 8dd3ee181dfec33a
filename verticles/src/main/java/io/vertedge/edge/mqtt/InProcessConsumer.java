package io.vertedge.edge.mqtt;

import io.vertx.core.Future;

/**
 * A consumer inside the hub ({@link MqttBroker#subscribe}). It is called on the context it
 * subscribed from and must not block. For a QoS 1 message its future is the door of reliable
 * delivery: the publishing client gets its PUBACK only once the future has succeeded (once the
 * message is durable), and not at all if it fails — fail it with a
 * {@link PublishRefusedException} to choose the MQTT 5 reason code the client sees. For a QoS 0
 * message the future only counts a failure.
 */
@FunctionalInterface
public interface InProcessConsumer {

  Future<Void> handle(BrokerMessage message);
}
