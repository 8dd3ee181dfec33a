package io.vertedge.edge.api;

import io.vertedge.api.ApiServers;
import io.vertedge.api.JsonReplies;
import io.vertedge.api.Readiness;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The edge's local API (API.md section 5, default {@code 127.0.0.1:7777}): probes,
 * {@code /metrics} and {@code GET /api/v1/node}. Features add their routes
 * ({@link #routes}) before it is deployed. Its start fails with a {@link io.vertedge.api.PortInUseException} naming
 * {@code edge.api.port} when the port is taken (often by another mapper).
 */
public final class EdgeApi extends VerticleBase {

  /**
   * What the API needs.
   *
   * @param port port to bind; 0 picks a free one (see {@link #actualPort()})
   * @param state the node's current state; called on the event loop, so it must not block
   */
  public record Setup(String host, int port, Supplier<EdgeNodeState> state, Telemetry telemetry,
                      Readiness readiness) {
    public Setup {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(telemetry, "telemetry");
      Objects.requireNonNull(readiness, "readiness");
    }
  }

  /** Default address and port of the edge API. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7777;


  private final Setup setup;
  private final List<Consumer<Router>> moreRoutes = new CopyOnWriteArrayList<>();
  private volatile HttpServer server;

  public EdgeApi(Setup setup) {
    this.setup = setup;
  }

  /** Adds routes of a feature (devices, twins, mappers); call it before the API is deployed. */
  public EdgeApi routes(Consumer<Router> feature) {
    moreRoutes.add(Objects.requireNonNull(feature, "feature"));
    return this;
  }

  @Override
  public Future<?> start() {
    return ApiServers.start(vertx, "edge", setup.host(), setup.port(), "another mapper?", setup.telemetry(),
            setup.readiness(), router -> {
              router.get("/api/v1/node").handler(this::node);
              moreRoutes.forEach(feature -> feature.accept(router));
            })
        .onSuccess(bound -> server = bound);
  }

  private void node(RoutingContext ctx) {
    EdgeNodeState state = setup.state().get();
    JsonReplies.ok(ctx, new JsonObject()
        .put("name", state.name())
        .put("cloud", state.cloud())
        .put("connected", state.connected())
        .put("transport", state.transport())
        .put("outboxDepth", state.outboxDepth()));
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
