package io.vertedge.cloud.devices;

import io.opentelemetry.api.OpenTelemetry;
import io.vertedge.api.ApiException;
import io.vertedge.api.Readiness;
import io.vertedge.cloud.api.AdminApi;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.cloud.nodes.PingResult;
import io.vertedge.delivery.CloudDelivery;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device API as the cloud serves it, without links: a real state store and state log in a
 * directory, the registry, and the admin API on a free loopback port. {@link #restart()} stops
 * all of it and opens the same directory again, as a cloud restart does.
 */
final class DeviceApiFixture implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  private final Path dir;
  private final int history;
  private final Duration bookmarkInterval;
  private final Telemetry telemetry = Telemetry.create("vertedge-cloud", "0.1.0", Map.of());
  private CloudDelivery delivery;
  private DeviceRegistry registry;
  private String registryId;
  private String apiId;
  Http http;

  DeviceApiFixture(Path dir) {
    this(dir, DeviceRegistry.DEFAULT_HISTORY, DeviceRoutes.DEFAULT_BOOKMARK_INTERVAL);
  }

  DeviceApiFixture(Path dir, int history, Duration bookmarkInterval) {
    this.dir = dir;
    this.history = history;
    this.bookmarkInterval = bookmarkInterval;
    start();
  }

  private void start() {
    delivery = CloudDelivery.open(vertx, dir, OpenTelemetry.noop().getMeter("test"), (node, event) -> { }).await();
    registry = new DeviceRegistry(delivery.state(), delivery.stateLog(), history);
    registryId = vertx.deployVerticle(registry).await();
    AdminApi api = new AdminApi(new AdminApi.Setup("127.0.0.1", 0, new NoNodes(), telemetry, new Readiness(),
        new DeviceRoutes(registry, Clock.systemUTC(), bookmarkInterval)));
    apiId = vertx.deployVerticle(api).await();
    http = new Http("http://127.0.0.1:" + api.actualPort());
  }

  DeviceRegistry registry() {
    return registry;
  }

  void stop() {
    vertx.undeploy(apiId).await();
    vertx.undeploy(registryId).await();
    CloudDelivery opened = delivery;
    opened.stateApplied().await(); // else the store closes under the state log's apply
    vertx.executeBlocking(() -> {
      opened.close();
      return null;
    }).await();
  }

  void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
    vertx.close().await();
    telemetry.close();
  }

  /** A sample of {@code src/test/resources/devices/}, as written. */
  static String sample(String name) {
    try (InputStream in = DeviceApiFixture.class.getResourceAsStream("/devices/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No nodes: the device API does not need them. */
  private static final class NoNodes implements NodeDirectory {
    @Override
    public List<NodeStatus> list() {
      return List.of();
    }

    @Override
    public Optional<NodeStatus> get(String name) {
      return Optional.empty();
    }

    @Override
    public Future<Boolean> delete(String name) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<PingResult> ping(String name) {
      return Future.failedFuture(ApiException.notFound("no nodes here"));
    }

    @Override
    public Future<Envelope> call(String name, Envelope request, Duration timeout) {
      return Future.failedFuture(ApiException.notFound("no nodes here"));
    }
  }
}
