package io.vertedge.api;

import io.vertedge.otel.Telemetry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /healthz}, {@code /readyz} and {@code /metrics}, the same on the cloud and the
 * edge API: liveness, readiness and the Prometheus text of the process's {@link Telemetry}.
 */
public final class ProbeRoutes {

  private ProbeRoutes() { }

  /** Mounts the three routes on the router. */
  public static Router mount(Router router, Telemetry telemetry, Readiness readiness) {
    healthRoute(router);
    readyRoute(router, readiness);
    metricsRoute(router, telemetry);
    return router;
  }

  /** {@code GET /healthz}: 200 {@code {"status":"UP"}} while the process serves. */
  public static void healthRoute(Router router) {
    JsonObject up = new JsonObject().put("status", "UP");
    router.get("/healthz").handler(ctx -> JsonReplies.ok(ctx, up));
  }

  /** {@code GET /readyz}: 200 when every check is up, else 503 naming each check's state. */
  public static void readyRoute(Router router, Readiness readiness) {
    router.get("/readyz").handler(ctx ->
        JsonReplies.json(ctx, readiness.isReady() ? 200 : 503, readiness.toJson()));
  }

  /**
   * {@code GET /metrics}: Prometheus text 0.0.4. The scrape reads in-memory aggregations and
   * MXBeans only, so it runs on the event loop.
   */
  public static void metricsRoute(Router router, Telemetry telemetry) {
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, Telemetry.CONTENT_TYPE)
        .end(telemetry.scrape()));
  }
}
