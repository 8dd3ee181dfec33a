package io.vertedge.mappers.push.mqtt;

import io.vertedge.mappers.push.Payload;
import io.vertedge.mappers.push.PushConfig;

/**
 * One property's {@code pushMethod.mqtt}: {@code address}, {@code topic} (no wildcards: it is
 * published to), {@code qos} 0, 1 or 2 (default 0), {@code retained} and Vertedge's {@code payload}.
 */
record MqttTargetConfig(BrokerAddress address, String topic, int qos, boolean retained, Payload payload) {

  static MqttTargetConfig of(PushConfig config) {
    BrokerAddress address = BrokerAddress.of(config);
    String topic = config.requiredString("topic");
    if (topic.contains("+") || topic.contains("#")) {
      throw config.invalid("topic", "must not contain the wildcards + or #: " + topic);
    }
    int qos = (int) config.integer("qos", 0, 0, 2);
    return new MqttTargetConfig(address, topic, qos, config.bool("retained"), config.payload());
  }
}
