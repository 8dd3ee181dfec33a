package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.edge.mqtt.BrokerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mqtt.* keys: credentials, the external broker's client id and TLS, the embedded broker's limits. */
@Timeout(10)
class MqttConfigTest {

  @TempDir
  Path tmp;

  private Mqtt load(String... sets) {
    return ConfigLoader.loadEdge(ConfigSources.empty().withDataDir(tmp)
        .withSets(List.of("nodeName=edge-1", "cloud=cloud:10002")).withSets(List.of(sets))).mqtt();
  }

  private String failure(String... sets) {
    return assertThrows(ConfigException.class, () -> load(sets)).getMessage();
  }

  @Test
  void defaultsAreTheBrokerDefaultsWithoutCredentials() {
    Mqtt mqtt = load();
    assertEquals(BrokerLimits.DEFAULTS, mqtt.limits());
    assertNull(mqtt.username());
    assertNull(mqtt.password());
    assertEquals("vertedge-edge-1", mqtt.clientIdFor("edge-1"));
    assertFalse(mqtt.tls().configured());
    assertTrue(mqtt.tls().verifyHostname());
  }

  @Test
  void limitsAreReadAndCheckedWithTheirKey() {
    Mqtt mqtt = load("mqtt.maxPacketSize=64KiB", "mqtt.maxTopicLength=256", "mqtt.maxInflight=8",
        "mqtt.maxQueuedMessages=50", "mqtt.maxQueuedBytes=128KiB", "mqtt.slowSubscriberTimeout=2s",
        "mqtt.sessionExpiry=1h", "mqtt.maxRetained=0");
    assertEquals(new BrokerLimits(65_536, 256, 8, 50, 131_072, Duration.ofSeconds(2), Duration.ofHours(1), 0),
        mqtt.limits());
    assertEquals("config: mqtt.maxPacketSize: \"10\" is out of range (64 to 268435455 bytes)",
        failure("mqtt.maxPacketSize=10"));
    assertEquals("config: mqtt.maxPacketSize: \"1GiB\" is out of range (64 to 268435455 bytes)",
        failure("mqtt.maxPacketSize=1GiB"));
    assertEquals("config: mqtt.maxTopicLength: \"70000\" is out of range (1 to 65535)",
        failure("mqtt.maxTopicLength=70000"));
    assertEquals("config: mqtt.maxInflight: \"0\" is out of range (1 to 65535)", failure("mqtt.maxInflight=0"));
    assertEquals("config: mqtt.maxQueuedMessages: \"0\" is out of range (at least 1)",
        failure("mqtt.maxQueuedMessages=0"));
    assertEquals("config: mqtt.maxQueuedBytes: \"0\" is out of range (at least 1)", failure("mqtt.maxQueuedBytes=0"));
    assertEquals("config: mqtt.slowSubscriberTimeout: \"0s\" is too short (at least 1ms)",
        failure("mqtt.slowSubscriberTimeout=0s"));
    assertEquals("config: mqtt.maxRetained: \"-1\" is out of range (0 or more)", failure("mqtt.maxRetained=-1"));
    assertEquals("config: mqtt.sessionExpiry: \"soon\" is not a duration (e.g. 15s, 500ms)",
        failure("mqtt.sessionExpiry=soon"));
  }

  @Test
  void credentialsGoTogether() {
    Mqtt mqtt = load("mqtt.username=hub", "mqtt.password=s3cret");
    assertEquals("hub", mqtt.username());
    assertEquals("s3cret", mqtt.password());
    assertFalse(mqtt.toString().contains("s3cret"), mqtt.toString());
    assertEquals("config: mqtt.password: set without mqtt.username (MQTT sends a password only with a username)",
        failure("mqtt.password=s3cret"));
    assertEquals("config: mqtt.password: required with mqtt.username when mqtt.mode is internal",
        failure("mqtt.username=hub"));
    // an external broker may take a username alone
    assertEquals("hub", load("mqtt.mode=external", "mqtt.username=hub").username());
  }

  @Test
  void externalBrokerUrlClientIdAndTls() throws Exception {
    Mqtt plain = load("mqtt.mode=external", "mqtt.url=mqtt://broker", "mqtt.clientId=plant-7");
    assertEquals("plant-7", plain.clientIdFor("edge-1"));
    assertFalse(plain.usesTls());
    assertTrue(load("mqtt.mode=external", "mqtt.url=mqtts://broker").usesTls());
    assertTrue(failure("mqtt.mode=external", "mqtt.url=ws://broker:9001").startsWith("config: mqtt.url: \"ws://broker:9001\" is not a broker URL"));

    Path ca = Files.writeString(tmp.resolve("ca.pem"), "ca");
    Path cert = Files.writeString(tmp.resolve("edge.pem"), "cert");
    Path key = Files.writeString(tmp.resolve("edge.key"), "key");
    Mqtt tls = load("mqtt.mode=external", "mqtt.url=ssl://broker:8883", "mqtt.tls.caFile=" + ca,
        "mqtt.tls.certFile=" + cert, "mqtt.tls.keyFile=" + key, "mqtt.tls.verifyHostname=false");
    assertEquals(new MqttTls(ca, cert, key, false), tls.tls());
    assertEquals("config: mqtt.tls.caFile: set, but tcp://broker:1883 is not a TLS connection "
        + "(use ssl://, tls:// or mqtts:// in mqtt.url)",
        failure("mqtt.mode=external", "mqtt.url=tcp://broker:1883", "mqtt.tls.caFile=" + ca));
    assertEquals("config: mqtt.tls.caFile: the embedded broker has no TLS; mqtt.tls.* is for mqtt.mode external",
        failure("mqtt.tls.caFile=" + ca));
    assertEquals("config: mqtt.tls.keyFile: required with mqtt.tls.certFile",
        failure("mqtt.mode=external", "mqtt.url=tls://broker", "mqtt.tls.certFile=" + cert));
    assertEquals("config: mqtt.tls.caFile: \"" + tmp.resolve("missing.pem") + "\" does not exist or cannot be read",
        failure("mqtt.mode=external", "mqtt.url=tls://broker", "mqtt.tls.caFile=missing.pem"));
    assertEquals("config: mqtt.tls.verifyHostname: \"maybe\" is not true or false",
        failure("mqtt.tls.verifyHostname=maybe"));
  }
}
