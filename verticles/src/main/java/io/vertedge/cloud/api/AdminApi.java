package io.vertedge.cloud.api;

import io.vertedge.api.ApiServers;
import io.vertedge.api.Readiness;
import io.vertedge.cloud.devices.DeviceRoutes;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

import java.util.Objects;
import java.util.Optional;

/**
 * The cloud's admin API (API.md section 5, default {@code 127.0.0.1:8080}): probes,
 * {@code /metrics}, the node routes and the device API. Its start fails with a
 * {@link io.vertedge.api.PortInUseException} naming {@code cloud.api.port} when the port is taken.
 */
public final class AdminApi extends VerticleBase {

  /**
   * What the API needs.
   *
   * @param host address to bind, e.g. {@code 127.0.0.1}
   * @param port port to bind; 0 picks a free one (see {@link #actualPort()})
   * @param devices the device API's routes, or null for none
   */
  public record Setup(String host, int port, NodeDirectory nodes, Telemetry telemetry, Readiness readiness,
                      DeviceRoutes devices) {
    public Setup {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(nodes, "nodes");
      Objects.requireNonNull(telemetry, "telemetry");
      Objects.requireNonNull(readiness, "readiness");
    }

    /** Without the device API. */
    public Setup(String host, int port, NodeDirectory nodes, Telemetry telemetry, Readiness readiness) {
      this(host, port, nodes, telemetry, readiness, null);
    }
  }


  private final Setup setup;
  private volatile HttpServer server;

  public AdminApi(Setup setup) {
    this.setup = setup;
  }

  @Override
  public Future<?> start() {
    return ApiServers.start(vertx, "cloud", setup.host(), setup.port(), null, setup.telemetry(), setup.readiness(),
            router -> {
              new NodeRoutes(setup.nodes()).mount(router);
              new ServiceBusRoutes(setup.nodes()).mount(router);
              Optional.ofNullable(setup.devices()).ifPresent(devices -> devices.mount(router));
            })
        .onSuccess(bound -> server = bound);
  }

  @Override
  public Future<?> stop() {
    HttpServer bound = server;
    return bound == null ? Future.succeededFuture() : bound.close();
  }

  /** The port actually bound, or -1 before the start has succeeded. */
  public int actualPort() {
    HttpServer bound = server;
    return bound == null ? -1 : bound.actualPort();
  }
}
