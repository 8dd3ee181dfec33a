package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;

import java.util.Objects;

/**
 * One application message as the broker passes it on. The payload is shared by every
 * subscriber: read it, do not change it.
 *
 * @param qos the QoS it is delivered with (the lower of the publish's and the subscription's)
 * @param properties MQTT 5 properties passed on unchanged (content type, user properties, ...);
 *     empty for MQTT 3.1.1 publishers and the hub
 * @param publisher the client id of the client that published it, {@code null} for the hub
 */
public record BrokerMessage(String topic, Buffer payload, MqttQoS qos, boolean retain, MqttProperties properties,
                            String publisher) {

  public BrokerMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(properties, "properties");
  }

  BrokerMessage withQos(MqttQoS delivered) {
    return delivered == qos ? this : new BrokerMessage(topic, payload, delivered, retain, properties, publisher);
  }

  BrokerMessage withRetain(boolean flag) {
    return flag == retain ? this : new BrokerMessage(topic, payload, qos, flag, properties, publisher);
  }

  /** Bytes this message holds in a queue (payload and topic), for the queue bounds. */
  int queuedSize() {
    return payload.length() + topic.length();
  }
}
