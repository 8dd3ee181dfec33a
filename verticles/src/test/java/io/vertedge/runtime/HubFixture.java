package io.vertedge.runtime;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.CloudConfig;
import io.vertedge.config.ConfigSources;
import io.vertedge.config.EdgeConfig;
import io.vertedge.link.LinkTls;
import io.vertedge.otel.Telemetry;
import io.vertedge.otel.TraceSettings;
import io.vertedge.pki.JoinToken;
import io.vertedge.pki.NodeIdentity;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real cloud (PKI, registry, link hub, join server, API) on loopback with ports 0, and real
 * edges that join it with a token: the whole product in one JVM, for end-to-end tests.
 */
final class HubFixture implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final Telemetry cloudTelemetry;
  final Telemetry edgeTelemetry;
  final Path dir;
  private final CloudConfig cloudConfig;
  CloudRuntime cloud;

  HubFixture(Path dir) {
    this(dir, TraceSettings.OFF);
  }

  /** A hub whose cloud and edges export spans as {@code traces} says. */
  HubFixture(Path dir, TraceSettings traces) {
    this.dir = dir;
    this.cloudTelemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of(), traces, vertx);
    this.edgeTelemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of(), traces, vertx);
    this.cloudConfig = ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(dir.resolve("cloud"))
        .withSets(List.of("api.port=0", "join.port=0", "link.websocketPort=0", "link.quicPort=0",
            "link.heartbeatInterval=1s")));
    this.cloud = CloudRuntime.start(vertx, cloudConfig, cloudTelemetry).await();
  }

  /** Stops the cloud and starts it again on the same data directory (on new ports: edges must start anew). */
  void restartCloud() {
    cloud.stop().await();
    cloud = CloudRuntime.start(vertx, cloudConfig, cloudTelemetry).await();
  }

  String token() {
    return JoinToken.mint(cloud.certificateAuthority(), Duration.ofMinutes(5));
  }

  EdgeConfig edgeConfig(String node) {
    return edgeConfig(node, "auto");
  }

  EdgeConfig edgeConfig(String node, String transport) {
    return edgeConfig(node, transport, List.of());
  }

  EdgeConfig edgeConfig(String node, String transport, List<String> moreSets) {
    // Modbus devices of the shared samples (192.168.1.21) are for DMI mappers in tests, unless a test runs them built-in
    List<String> sets = new java.util.ArrayList<>(List.of("api.port=0", "mqtt.port=0", "link.heartbeatInterval=1s",
        "transport=" + transport, "mappers.builtIn=virtual"));
    sets.addAll(moreSets);
    return ConfigLoader.loadEdge(ConfigSources.empty()
        .withDataDir(dir.resolve(node))
        .withFlag("nodeName", node)
        .withFlag("cloud", "127.0.0.1:" + cloud.joinPort())
        .withSets(sets));
  }

  /** An edge of {@code node} that has joined before, started while the cloud is out of reach. */
  EdgeRuntime startOfflineEdge(String node, List<String> moreSets) {
    try {
      // else the edge dials the link address it cached, and the cloud is not out of reach at all
      java.nio.file.Files.deleteIfExists(dir.resolve(node).resolve(io.vertedge.edge.join.JoinClient.ENDPOINTS_CACHE));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> sets = new java.util.ArrayList<>(List.of("api.port=0", "mqtt.port=0", "mappers.builtIn=virtual"));
    sets.addAll(moreSets);
    return EdgeRuntime.start(vertx, ConfigLoader.loadEdge(ConfigSources.empty()
        .withDataDir(dir.resolve(node)).withFlag("nodeName", node).withFlag("cloud", "127.0.0.1:1")
        .withSets(sets)), edgeTelemetry, Optional.empty()).await();
  }

  EdgeRuntime startEdge(String node) {
    return startEdge(node, "auto");
  }

  EdgeRuntime startEdge(String node, String transport) {
    return EdgeRuntime.start(vertx, edgeConfig(node, transport), edgeTelemetry, Optional.of(token())).await();
  }

  EdgeRuntime startEdge(String node, List<String> moreSets) {
    return EdgeRuntime.start(vertx, edgeConfig(node, "auto", moreSets), edgeTelemetry, Optional.of(token())).await();
  }

  /** The TLS files an edge got when it joined. */
  LinkTls tlsOf(String node) {
    NodeIdentity identity = new NodeIdentity(dir.resolve(node), node);
    return new LinkTls(identity.caCert(), identity.nodeCert(), identity.nodeKey());
  }

  int quicPort() {
    String address = cloud.quicAddress();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  int websocketPort() {
    return java.net.URI.create(cloud.websocketUrl()).getPort();
  }

  @Override
  public void close() {
    cloud.stop().await();
    vertx.close().await();
    cloudTelemetry.close();
    edgeTelemetry.close();
  }
}
