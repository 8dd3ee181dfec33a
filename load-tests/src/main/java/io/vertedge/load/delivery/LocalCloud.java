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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The product's cloud ({@link CloudRuntime}: PKI, registry, link hub, join server, the inbound
 * log) in this JVM, on 127.0.0.1 with ports 0, its data under {@code dataDir}; {@code upstream}
 * gets every event once it is durable here.
 */
final class LocalCloud implements AutoCloseable {

  private final Vertx vertx;
  private final Telemetry telemetry;
  private final CloudRuntime cloud;

  LocalCloud(Path dataDir, BiConsumer<String, Envelope> upstream) {
    vertx = Vertx.vertx(Modes.vertxOptions());
    telemetry = Telemetry.create("vertedge-cloud", BuildInfo.current().version(), Map.of());
    cloud = CloudRuntime.start(vertx, ConfigLoader.loadCloud(ConfigSources.empty()
        .withDataDir(dataDir)
        .withSets(List.of("api.host=127.0.0.1", "api.port=0", "join.host=127.0.0.1", "join.port=0",
            "link.host=127.0.0.1", "link.websocketPort=0", "link.quicPort=0"))), telemetry).await();
    cloud.onUpstream(upstream);
  }

  /** Where edges join: {@code 127.0.0.1:<port>}. */
  String joinAddress() {
    return "127.0.0.1:" + cloud.joinPort();
  }

  /** The cloud API, e.g. {@code http://127.0.0.1:40123}. */
  String apiUrl() {
    return cloud.apiUrl();
  }

  String token() {
    return JoinToken.mint(cloud.certificateAuthority(), Duration.ofHours(2));
  }

  @Override
  public void close() {
    try {
      cloud.stop().await();
      vertx.close().await();
    } finally {
      telemetry.close();
    }
  }
}
