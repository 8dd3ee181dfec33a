package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.vertedge.mqtt.TopicFilter;

/** One filter of one subscriber, with the QoS granted and the MQTT 5 options. */
record Subscription(Subscriber subscriber, TopicFilter filter, MqttSubscriptionOption options) {

  MqttQoS qos() {
    return options.qos();
  }

  /** Of two subscriptions of one subscriber that match the same topic, the one with the higher QoS. */
  static Subscription stronger(Subscription a, Subscription b) {
    return b.qos().value() > a.qos().value() ? b : a;
  }
}
