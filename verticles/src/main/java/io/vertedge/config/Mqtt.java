package io.vertedge.config;

import java.util.Objects;

/**
 * The edge's MQTT broker: its own ({@link MqttMode#INTERNAL}, bound on host/port) or an external
 * one, reached at {@code url} when given, else at host/port.
 *
 * @param url an external broker's URL such as {@code tcp://broker:1883}; {@code null} when not set
 */
public record Mqtt(MqttMode mode, String host, int port, String url) {
  public Mqtt {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(host, "host");
  }
}
