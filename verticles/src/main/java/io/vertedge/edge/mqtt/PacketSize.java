package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;

import java.nio.charset.StandardCharsets;

/**
 * The size of a PUBLISH packet as it goes on the wire, to honour an MQTT 5 client's Maximum
 * Packet Size without encoding the packet twice. Property sizes are counted generously (four
 * bytes for any integer), so a message that only just fits may be held back as too large.
 */
final class PacketSize {

  private PacketSize() {
  }

  static long publish(BrokerMessage message, boolean mqtt5) {
    long remaining = 2L + Topics.utf8Length(message.topic()) + message.payload().length();
    if (message.qos().value() > 0) {
      remaining += 2;
    }
    if (mqtt5) {
      long properties = properties(message.properties());
      remaining += properties + varIntLength(properties);
    }
    return 1 + varIntLength(remaining) + remaining;
  }

  private static long properties(MqttProperties properties) {
    long size = 0;
    for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
      size += 1 + valueSize(property);
    }
    return size;
  }

  private static long valueSize(MqttProperties.MqttProperty<?> property) {
    if (property instanceof MqttProperties.StringProperty text) {
      return 2L + text.value().getBytes(StandardCharsets.UTF_8).length;
    }
    if (property instanceof MqttProperties.BinaryProperty binary) {
      return 2L + binary.value().length;
    }
    if (property instanceof MqttProperties.UserProperties users) {
      long size = 0;
      for (MqttProperties.StringPair pair : users.value()) {
        size += 1 + 4 + pair.key.getBytes(StandardCharsets.UTF_8).length + pair.value.getBytes(StandardCharsets.UTF_8).length;
      }
      return size - 1;
    }
    return 4;
  }

  private static int varIntLength(long value) {
    int length = 1;
    while (value >= 128) {
      value >>= 7;
      length++;
    }
    return length;
  }
}
