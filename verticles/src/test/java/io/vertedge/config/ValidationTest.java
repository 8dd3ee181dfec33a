package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ValidationTest {

  @TempDir
  Path tmp;

  private ConfigSources edge(String... sets) {
    return ConfigSources.empty().withDataDir(tmp)
        .withSets(List.of("nodeName=edge-1", "cloud=cloud:10002"))
        .withSets(List.of(sets));
  }

  private ConfigSources cloud(String... sets) {
    return ConfigSources.empty().withDataDir(tmp).withSets(List.of(sets));
  }

  private static String failure(Runnable load) {
    return assertThrows(ConfigException.class, load::run).getMessage();
  }

  @Test
  void heartbeatBelow100msIsRefused() {
    assertEquals("config: link.heartbeatInterval: \"99ms\" is too short (at least 100ms)",
        failure(() -> ConfigLoader.loadEdge(edge("link.heartbeatInterval=99ms"))));
    assertEquals(Duration.ofMillis(100),
        ConfigLoader.loadEdge(edge("link.heartbeatInterval=100ms")).link().heartbeatInterval());
  }

  @Test
  void heartbeatMissesMustBeAtLeastOne() {
    assertEquals("config: link.heartbeatMisses: \"0\" is too small (at least 1)",
        failure(() -> ConfigLoader.loadCloud(ConfigSources.empty().withDataDir(tmp)
            .withSets(List.of("link.heartbeatMisses=0")))));
  }

  @Test
  void frameSizeMustLieBetween1KiBAnd64MiB() {
    assertEquals("config: link.maxFrameSize: \"1023\" is out of range (1KiB to 64MiB)",
        failure(() -> ConfigLoader.loadEdge(edge("link.maxFrameSize=1023"))));
    assertTrue(failure(() -> ConfigLoader.loadEdge(edge("link.maxFrameSize=65MiB"))).contains("out of range"));
    assertEquals(64L << 20, ConfigLoader.loadEdge(edge("link.maxFrameSize=64MiB")).link().maxFrameSize());
    assertEquals(1024, ConfigLoader.loadEdge(edge("link.maxFrameSize=1KiB")).link().maxFrameSize());
  }

  @Test
  void quicIdleTimeoutMustOutlastTheHeartbeatsSilenceLimit() {
    assertEquals("config: link.quicIdleTimeout: \"30s\" must be longer than the heartbeats' silence limit "
        + "(link.heartbeatInterval x link.heartbeatMisses = 45s), or QUIC would close links the heartbeats keep alive",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicIdleTimeout=30s"))));
    assertEquals("config: link.quicIdleTimeout: \"45s\" must be longer than the heartbeats' silence limit "
        + "(link.heartbeatInterval x link.heartbeatMisses = 45s), or QUIC would close links the heartbeats keep alive",
        failure(() -> ConfigLoader.loadCloud(cloud("link.quicIdleTimeout=45s"))));
    assertEquals("config: link.quicIdleTimeout: \"60s\" must be longer than the heartbeats' silence limit "
        + "(link.heartbeatInterval x link.heartbeatMisses = 1m), or QUIC would close links the heartbeats keep alive",
        failure(() -> ConfigLoader.loadEdge(edge("link.heartbeatInterval=20s"))));
    assertEquals(Duration.ofMillis(45_001),
        ConfigLoader.loadCloud(cloud("link.quicIdleTimeout=45001ms")).link().quic().idleTimeout());
  }

  @Test
  void quicNeedsAtLeastFourStreams() {
    assertEquals("config: link.quicMaxStreams: \"3\" is too small (at least 4)",
        failure(() -> ConfigLoader.loadCloud(cloud("link.quicMaxStreams=3"))));
    assertEquals(4, ConfigLoader.loadEdge(edge("link.quicMaxStreams=4")).link().quic().maxStreams());
  }

  @Test
  void quicStreamWindowMustLieBetween1KiBAnd1GiB() {
    assertEquals("config: link.quicStreamWindow: \"1023\" is out of range (1KiB to 1GiB)",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicStreamWindow=1023"))));
    assertEquals("config: link.quicStreamWindow: \"1025MiB\" is out of range (1KiB to 1GiB)",
        failure(() -> ConfigLoader.loadCloud(cloud("link.quicStreamWindow=1025MiB", "link.quicConnectionWindow=2GiB"))));
    assertEquals(1024, ConfigLoader.loadEdge(edge("link.quicStreamWindow=1KiB")).link().quic().streamWindow());
    assertEquals(1L << 30, ConfigLoader.loadEdge(edge("link.quicStreamWindow=1GiB", "link.quicConnectionWindow=1GiB"))
        .link().quic().streamWindow());
  }

  @Test
  void quicConnectionWindowMustHoldAStreamWindowAndAtMost4GiB() {
    assertEquals("config: link.quicConnectionWindow: \"512KiB\" is too small (at least link.quicStreamWindow = 1MiB)",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicConnectionWindow=512KiB"))));
    assertEquals("config: link.quicConnectionWindow: \"5GiB\" is too large (at most 4GiB)",
        failure(() -> ConfigLoader.loadCloud(cloud("link.quicConnectionWindow=5GiB"))));
    assertEquals(1L << 20, ConfigLoader.loadEdge(edge("link.quicConnectionWindow=1MiB")).link().quic().connectionWindow());
    assertEquals(4L << 30, ConfigLoader.loadCloud(cloud("link.quicConnectionWindow=4GiB")).link().quic().connectionWindow());
  }

  @Test
  void quicHandshakeTimeoutMustLieBetween100msAnd60s() {
    assertEquals("config: link.quicHandshakeTimeout: \"99ms\" is out of range (100ms to 60s)",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicHandshakeTimeout=99ms"))));
    assertEquals("config: link.quicHandshakeTimeout: \"61s\" is out of range (100ms to 60s)",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicHandshakeTimeout=61s"))));
    assertEquals(Duration.ofMillis(100),
        ConfigLoader.loadEdge(edge("link.quicHandshakeTimeout=100ms")).link().quic().handshakeTimeout());
    assertEquals(Duration.ofMinutes(1),
        ConfigLoader.loadEdge(edge("link.quicHandshakeTimeout=1m")).link().quic().handshakeTimeout());
  }

  @Test
  void quicProbeIntervalMustBeAtLeastOneSecond() {
    assertEquals("config: link.quicProbeInterval: \"999ms\" is too short (at least 1s)",
        failure(() -> ConfigLoader.loadEdge(edge("link.quicProbeInterval=999ms"))));
    assertEquals(Duration.ofSeconds(1),
        ConfigLoader.loadEdge(edge("link.quicProbeInterval=1s")).link().quic().probeInterval());
  }

  @Test
  void edgeNeedsANodeNameAndACloud() {
    ConfigSources bare = ConfigSources.empty().withDataDir(tmp);
    assertEquals("config: nodeName: required (set --node-name NAME)", failure(() -> ConfigLoader.loadEdge(bare)));
    assertEquals("config: cloud: required (set --cloud HOST[:PORT])",
        failure(() -> ConfigLoader.loadEdge(bare.withFlag("nodeName", "n"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Edge-1", "edge_1", "-edge", "edge-", "a..b", "edge 1",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void nodeNamesMustBeDnsLike(String name) {
    String line = failure(() -> ConfigLoader.loadEdge(edge().withFlag("nodeName", name)));
    assertTrue(line.startsWith("config: nodeName: " + Units.quote(name) + " is not a valid node name"), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-1", "a", "edge.site-2.example", "0edge9"})
  void goodNodeNamesPass(String name) {
    assertEquals(name, ConfigLoader.loadEdge(edge().withFlag("nodeName", name)).nodeName());
  }

  @Test
  void cloudMustBeHostAndOptionalPort() {
    assertEquals("config: cloud: \"cloud:http\" is not HOST[:PORT] (e.g. cloud.example.com:10002)",
        failure(() -> ConfigLoader.loadEdge(edge("cloud=cloud:http"))));
    EdgeConfig e = ConfigLoader.loadEdge(edge("cloud=[fd00::1]:443"));
    assertEquals("fd00::1", e.cloudHost());
    assertEquals(443, e.cloudPort());
  }

  @Test
  void externalMqttUsesTheUrlOrHostAndPort() {
    Mqtt byUrl = ConfigLoader.loadEdge(edge("mqtt.mode=external", "mqtt.url=tcp://broker:1883")).mqtt();
    assertEquals(new Mqtt(MqttMode.EXTERNAL, "127.0.0.1", 1883, "tcp://broker:1883"), byUrl);
    Mqtt byHost = ConfigLoader.loadEdge(edge("mqtt.mode=external", "mqtt.host=broker", "mqtt.port=1884")).mqtt();
    assertEquals(new Mqtt(MqttMode.EXTERNAL, "broker", 1884, null), byHost);
    assertTrue(failure(() -> ConfigLoader.loadEdge(edge("mqtt.mode=external", "mqtt.port=0")))
        .startsWith("config: mqtt.port: 0 is not a broker port"));
    assertEquals("config: mqtt.url: \"broker:1883\" is not a broker URL (e.g. tcp://broker:1883; schemes tcp, mqtt, ssl, tls, mqtts)",
        failure(() -> ConfigLoader.loadEdge(edge("mqtt.mode=external", "mqtt.url=broker:1883"))));
  }

  @Test
  void dmiSocketLongerThan107BytesIsAnErrorNamingTheKey() {
    Path deep = tmp.resolve("x".repeat(120));
    String line = failure(() -> ConfigLoader.loadEdge(edge().withDataDir(deep)));
    assertTrue(line.startsWith("config: dmi.socket: \"" + deep.resolve("dmi.sock") + "\" is "), line);
    assertTrue(line.contains("at most 107"), line);
  }

  @Test
  void dmiSocketRelativePathLivesInTheDataDirectory() {
    assertEquals(tmp.resolve("sockets/dmi.sock"), ConfigLoader.loadEdge(edge("dmi.socket=sockets/dmi.sock")).dmiSocket());
    assertEquals(Path.of("/run/dmi.sock"), ConfigLoader.loadEdge(edge("dmi.socket=/run/dmi.sock")).dmiSocket());
  }

  @Test
  void withCloudCopiesEverythingElse() {
    EdgeConfig e = ConfigLoader.loadEdge(edge());
    EdgeConfig moved = e.withCloud("127.0.0.1:40123");
    assertEquals(40123, moved.cloudPort());
    assertEquals(e.nodeName(), moved.nodeName());
    assertEquals(e.link(), moved.link());
    assertThrows(IllegalArgumentException.class, () -> e.withCloud("h:x"));
  }
}
