package io.vertedge.runtime;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The MQTT behaviour suite against the embedded broker ({@code mqtt.mode: internal}). */
class InternalModeTest extends MqttModeBehaviourTest {

  @BeforeEach
  void clients() {
    assumeTrue(installed("/usr/bin/mosquitto_sub"), "mosquitto-clients is not installed (scripts/test installs it)");
  }

  @Override
  void startBroker(boolean credentials) {
    // the edge is the broker
  }

  @Override
  List<String> edgeSets(boolean credentials) {
    return credentials ? List.of("mqtt.mode=internal", "mqtt.username=" + USER, "mqtt.password=" + PASSWORD)
        : List.of("mqtt.mode=internal");
  }

  @Override
  void stopBroker() {
  }
}
