package io.vertedge.load.delivery;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Telemetry;
import io.vertedge.pki.JoinToken;
import io.vertedge.runtime.CloudRuntime;
import io.vertedge.runtime.Modes;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The product's cloud ({@link CloudRuntime}) in this JVM that can be stopped and started again
 * on the same data directory and the same ports, as a cloud process that goes away and comes
 * back: each start is a new Vert.x instance and a new telemetry root (so its counters start at
 * zero), on 127.0.0.1 with ports picked once. {@code upstream} gets every event once it is
 * durable here (from each start on; what a start's recovery hands out before is not seen).
 */
final class RestartableCloud implements AutoCloseable {

  private final Path dataDir;
  private final BiConsumer<String, Envelope> upstream;
  private final int apiPort;
  private final int joinPort;
  private final int websocketPort;
  private final int quicPort;
  private Vertx vertx;
  private Telemetry telemetry;
  private CloudRuntime cloud;

  RestartableCloud(Path dataDir, BiConsumer<String, Envelope> upstream) {
    this.dataDir = dataDir;
    this.upstream = upstream;
    this.apiPort = freeTcpPort();
    this.joinPort = freeTcpPort();
    this.websocketPort = freeTcpPort();
    this.quicPort = freeUdpPort();
  }

  /** Starts the cloud; completes once every listener is bound. */
  void start() {
    if (cloud != null) {
      throw new IllegalStateException("the cloud is running");
    }
    vertx = Vertx.vertx(Modes.vertxOptions());
    telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(dataDir)
        .withSets(List.of("api.host=127.0.0.1", "api.port=" + apiPort, "join.host=127.0.0.1", "join.port=" + joinPort,
            "link.host=127.0.0.1", "link.websocketPort=" + websocketPort, "link.quicPort=" + quicPort))), telemetry)
        .await();
    cloud.onUpstream(upstream);
  }

  /** Stops it as {@code vertedge cloud} stops on SIGTERM: links closed with a reason, the store closed. */
  void stop() {
    if (cloud == null) {
      return;
    }
    try {
      cloud.stop().await();
      vertx.close().await();
    } finally {
      telemetry.close();
      cloud = null;
      vertx = null;
      telemetry = null;
    }
  }

  CloudRuntime runtime() {
    if (cloud == null) {
      throw new IllegalStateException("the cloud is stopped");
    }
    return cloud;
  }

  /** Prometheus text of this start's metrics. */
  String scrape() {
    return telemetry == null ? "" : telemetry.scrape();
  }

  /** Where edges join: {@code 127.0.0.1:<port>}, the same across restarts. */
  String joinAddress() {
    return "127.0.0.1:" + joinPort;
  }

  String token() {
    return JoinToken.mint(runtime().certificateAuthority(), Duration.ofHours(2));
  }

  @Override
  public void close() {
    stop();
  }

  private static int freeTcpPort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
