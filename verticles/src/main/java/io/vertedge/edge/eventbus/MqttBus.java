package io.vertedge.edge.eventbus;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.edge.mqtt.InProcessConsumer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The edge's side of MQTT, whichever broker carries it ({@code mqtt.mode}): the embedded
 * {@link io.vertedge.edge.mqtt.MqttBroker} or a client of an external broker such as Mosquitto.
 * DeviceTwin and the doors talk to this, so both modes behave the same.
 */
public interface MqttBus {

  /**
   * Publishes as the hub. Completes once the message is handed over (QoS 1: once the broker has
   * it); fails with an {@link IllegalArgumentException} for a bad topic or QoS 2.
   */
  Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retain);

  /**
   * Subscribes a consumer inside the hub: for QoS 1 its future is the door of reliable delivery
   * (the publisher is acknowledged only once it succeeded, see {@link InProcessConsumer}). Call
   * it before the bus is started, so no message is acknowledged before its door is there.
   */
  Future<?> subscribe(String filter, MqttQoS qos, InProcessConsumer consumer);
}
