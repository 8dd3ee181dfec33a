package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.link.quic.QuicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ConfigLoaderTest {

  @TempDir
  Path tmp;

  private ConfigSources cloud() {
    return ConfigSources.empty().withDataDir(tmp.resolve("cloud"));
  }

  private ConfigSources edge() {
    return ConfigSources.empty().withDataDir(tmp.resolve("edge"))
        .withFlag("nodeName", "edge-1").withFlag("cloud", "cloud.example.com");
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(tmp.resolve("conf.yaml"), text);
  }

  private static String failure(Runnable load) {
    return assertThrows(ConfigException.class, load::run).getMessage();
  }

  @Test
  void cloudWithNothingSetGetsTheDocumentedDefaults() {
    CloudConfig c = ConfigLoader.loadCloud(cloud());
    assertEquals(new HostPort("127.0.0.1", 8080), c.api());
    assertEquals(new HostPort("0.0.0.0", 10002), c.join());
    assertEquals(new CloudLink("0.0.0.0", 10000, 10001, null, Duration.ofSeconds(15), 3, 1 << 20,
        new QuicSettings(Duration.ofSeconds(60), 8, 1 << 20, 4 << 20, Duration.ofSeconds(3), Duration.ofMinutes(5))),
        c.link());
    assertEquals(Duration.ofHours(24), c.tokenTtl());
    assertEquals(tmp.resolve("cloud"), c.dataDir());
  }

  @Test
  void edgeWithOnlyNameAndCloudGetsTheDocumentedDefaults() {
    EdgeConfig e = ConfigLoader.loadEdge(edge());
    assertEquals("edge-1", e.nodeName());
    assertEquals("cloud.example.com", e.cloudHost());
    assertEquals(10002, e.cloudPort());
    assertEquals(Transport.AUTO, e.transport());
    assertEquals(new HostPort("127.0.0.1", 7777), e.api());
    assertEquals(new Mqtt(MqttMode.INTERNAL, "127.0.0.1", 1883, null), e.mqtt());
    assertEquals(tmp.resolve("edge/dmi.sock"), e.dmiSocket());
    assertEquals(new HostPort("127.0.0.1", 9060), e.serviceBus().listen());
    assertEquals(java.util.Set.of(), e.serviceBus().allowedPorts());
    assertEquals(new EdgeLink(Duration.ofSeconds(15), 3, 1 << 20,
        new QuicSettings(Duration.ofSeconds(60), 8, 1 << 20, 4 << 20, Duration.ofSeconds(3), Duration.ofMinutes(5))),
        e.link());
  }

  @Test
  void quicDefaultsAreTheTransportsOwn() {
    assertEquals(QuicSettings.defaults(), ConfigLoader.loadCloud(cloud()).link().quic());
    assertEquals(QuicSettings.defaults(), ConfigLoader.loadEdge(edge()).link().quic());
  }

  @Test
  void laterSourcesWinYamlThenEnvThenSetThenFlag() throws IOException {
    Path file = yaml("nodeName: from-yaml\ntransport: websocket\nlink:\n  heartbeatInterval: 5s\n  heartbeatMisses: 5\n"
        + "api:\n  port: 1\n");
    ConfigSources sources = ConfigSources.empty().withDataDir(tmp).withFile(file)
        .withEnv(Map.of("VERTEDGE_LINK_HEARTBEAT_MISSES", "6", "VERTEDGE_API_PORT", "2",
            "VERTEDGE_NODE_NAME", "from-env", "VERTEDGE_TRANSPORT", "quic"))
        .withSets(List.of("api.port=3", "nodeName=from-set", "cloud=c:1"))
        .withFlag("nodeName", "from-flag");

    EdgeConfig e = ConfigLoader.loadEdge(sources);

    assertEquals(Duration.ofSeconds(5), e.link().heartbeatInterval()); // YAML only
    assertEquals(6, e.link().heartbeatMisses());                       // env over YAML
    assertEquals(3, e.api().port());                                   // --set over env
    assertEquals("from-flag", e.nodeName());                           // flag over --set
    assertEquals(Transport.QUIC, e.transport());
    assertEquals(1, e.cloudPort());
  }

  @Test
  void quicKeysFollowTheSameLayering() throws IOException {
    Path file = yaml("link:\n  quicIdleTimeout: 90s\n  quicMaxStreams: 16\n  quicProbeInterval: 1m\n");
    ConfigSources sources = edge().withFile(file)
        .withEnv(Map.of("VERTEDGE_LINK_QUIC_IDLE_TIMEOUT", "2m", "VERTEDGE_LINK_QUIC_STREAM_WINDOW", "256KiB",
            "VERTEDGE_LINK_QUIC_HANDSHAKE_TIMEOUT", "1s"))
        .withSets(List.of("link.quicMaxStreams=32", "link.quicConnectionWindow=8MiB"));

    QuicSettings quic = ConfigLoader.loadEdge(sources).link().quic();

    assertEquals(new QuicSettings(Duration.ofMinutes(2), 32, 256 << 10, 8 << 20, Duration.ofSeconds(1),
        Duration.ofMinutes(1)), quic);
  }

  @Test
  void cloudTakesTheSharedQuicKeysFromEnvAndSet() {
    CloudConfig c = ConfigLoader.loadCloud(cloud().withEnv(Map.of("VERTEDGE_LINK_QUIC_IDLE_TIMEOUT", "2m"))
        .withSets(List.of("link.quicStreamWindow=2MiB")));
    assertEquals(Duration.ofMinutes(2), c.link().quic().idleTimeout());
    assertEquals(2 << 20, c.link().quic().streamWindow());
    assertEquals(QuicSettings.defaults().handshakeTimeout(), c.link().quic().handshakeTimeout());
  }

  @Test
  void edgeOnlyQuicKeysAreUnknownToTheCloudButTheirVariablesAreIgnored() {
    assertEquals("config: link.quicProbeInterval: unknown key",
        failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("link.quicProbeInterval=1m")))));
    CloudConfig c = ConfigLoader.loadCloud(cloud().withEnv(Map.of("VERTEDGE_LINK_QUIC_HANDSHAKE_TIMEOUT", "1s")));
    assertEquals(QuicSettings.defaults(), c.link().quic());
  }

  @Test
  void laterSetOfTheSameKeyWins() {
    CloudConfig c = ConfigLoader.loadCloud(cloud().withSets(List.of("api.port=1", "api.port=2")));
    assertEquals(2, c.api().port());
  }

  @Test
  void nestedAndDottedYamlKeysMeanTheSame() throws IOException {
    Path file = yaml("link.heartbeatInterval: 2s\nlink:\n  maxFrameSize: 64KiB\njoin: {port: 0}\n");
    CloudConfig c = ConfigLoader.loadCloud(cloud().withFile(file));
    assertEquals(Duration.ofSeconds(2), c.link().heartbeatInterval());
    assertEquals(65536, c.link().maxFrameSize());
    assertEquals(0, c.join().port());
  }

  @Test
  void emptyValuesFallBackToTheDefault() throws IOException {
    Path file = yaml("link:\n  advertiseHost:\napi:\n  port: 1\n");
    CloudConfig c = ConfigLoader.loadCloud(cloud().withFile(file).withSets(List.of("api.port="))
        .withEnv(Map.of("VERTEDGE_JOIN_PORT", "")));
    assertNull(c.link().advertiseHost());
    assertEquals(8080, c.api().port());
    assertEquals(10002, c.join().port());
  }

  @Test
  void badDurationIsReportedExactlyAsTheApiSays() {
    String line = failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("link.heartbeatInterval=fast"))));
    assertEquals("config: link.heartbeatInterval: \"fast\" is not a duration (e.g. 15s, 500ms)", line);
  }

  @Test
  void badValueFromYamlOrEnvNamesTheKeyToo() throws IOException {
    assertEquals("config: api.port: \"http\" is not a port (0-65535, 0 = any free port)",
        failure(() -> ConfigLoader.loadCloud(cloud().withEnv(Map.of("VERTEDGE_API_PORT", "http")))));
    Path file = yaml("link:\n  maxFrameSize: 1MB\n");
    assertEquals("config: link.maxFrameSize: \"1MB\" is not a size (e.g. 64KiB, 1MiB or a number of bytes)",
        failure(() -> ConfigLoader.loadCloud(cloud().withFile(file))));
  }

  @Test
  void unknownKeySuggestsTheNearestKey() {
    assertEquals("config: link.hartbeatInterval: unknown key (did you mean link.heartbeatInterval?)",
        failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("link.hartbeatInterval=5s")))));
    assertEquals("config: colour: unknown key",
        failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("colour=blue")))));
  }

  @Test
  void unknownKeyInYamlIsRefusedWithSuggestion() throws IOException {
    Path file = yaml("link:\n  hartbeatInterval: 5s\n");
    assertEquals("config: link.hartbeatInterval: unknown key (did you mean link.heartbeatInterval?)",
        failure(() -> ConfigLoader.loadCloud(cloud().withFile(file))));
  }

  @Test
  void edgeKeyIsUnknownToTheCloud() {
    assertTrue(failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("nodeName=x")))).contains("unknown key"));
  }

  @Test
  void unknownVertedgeVariableIsAnErrorButOtherSidesKeysAndOtherVariablesAreNot() {
    assertEquals("config: VERTEDGE_LINK_HARTBEAT_INTERVAL: unknown key (did you mean VERTEDGE_LINK_HEARTBEAT_INTERVAL?)",
        failure(() -> ConfigLoader.loadCloud(cloud().withEnv(Map.of("VERTEDGE_LINK_HARTBEAT_INTERVAL", "5s")))));
    CloudConfig c = ConfigLoader.loadCloud(cloud().withEnv(Map.of("VERTEDGE_NODE_NAME", "edge-1", "PATH", "/bin",
        "XVERTEDGE_FOO", "x")));
    assertEquals(8080, c.api().port());
  }

  @Test
  void theLaunchersJvmFlagsVariableIsNoKey() {
    // ./vertedge and the image's entry point take their JVM flags from it; the JVM they start inherits it
    EdgeConfig e = ConfigLoader.loadEdge(edge().withEnv(Map.of("VERTEDGE_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC",
        "VERTEDGE_MQTT_PORT", "1884")));
    assertEquals(1884, e.mqtt().port());
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws IOException {
    Path file = yaml("api:\n  port: 1\n  host: [oops\nlink: {}\n");
    String line = failure(() -> ConfigLoader.loadCloud(cloud().withFile(file)));
    assertTrue(line.startsWith("config: " + file + ":"), line);
    assertTrue(line.matches("config: .*:[45]: .*"), line);
    assertTrue(!line.contains("\n"), line);

    Path bad = yaml("a: 1\n b: 2\nc: x: y\n");
    assertTrue(failure(() -> ConfigLoader.loadCloud(cloud().withFile(bad))).contains(bad + ":"));
  }

  @Test
  void duplicateYamlKeysAndListsAreRefused() throws IOException {
    Path dup = yaml("api:\n  port: 1\n  port: 2\n");
    assertTrue(failure(() -> ConfigLoader.loadCloud(cloud().withFile(dup))).contains(dup + ":3"));
    Path list = yaml("api:\n  port: [1, 2]\n");
    assertEquals("config: api.port: expected a single value, not a list",
        failure(() -> ConfigLoader.loadCloud(cloud().withFile(list))));
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = tmp.resolve("nope.yaml");
    assertEquals("config: " + missing + ": cannot read (NoSuchFileException)",
        failure(() -> ConfigLoader.loadCloud(cloud().withFile(missing))));
  }

  @Test
  void yamlScalarsKeepTheirTextSoHexIsNotANumber() throws IOException {
    Path file = yaml("api:\n  port: 0x50\n");
    assertEquals("config: api.port: \"0x50\" is not a port (0-65535, 0 = any free port)",
        failure(() -> ConfigLoader.loadCloud(cloud().withFile(file))));
  }

  @Test
  void setWithoutEqualsIsRefused() {
    assertEquals("config: --set \"api.port\": expected KEY=VALUE (e.g. link.heartbeatInterval=5s)",
        failure(() -> ConfigLoader.loadCloud(cloud().withSets(List.of("api.port")))));
  }

  @Test
  void emptyAndCommentOnlyYamlMeansDefaults() throws IOException {
    assertEquals(8080, ConfigLoader.loadCloud(cloud().withFile(yaml("# nothing\n"))).api().port());
  }
}
