package io.vertedge.api;

import io.vertedge.otel.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The HTTP server of an API (cloud 8080, edge 7777): the probe routes ({@code /healthz},
 * {@code /readyz}, {@code /metrics}), the API's own routes, the one error model, and "address in
 * use" turned into a {@link PortInUseException} naming the key.
 */
public final class ApiServers {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServers.class);

  private ApiServers() { }

  /**
   * Listens on {@code host:port} (0 = any free port).
   *
   * @param side   {@code cloud} or {@code edge}, for the log and the message naming the key
   * @param hint   what else may hold the port, or null
   * @param routes the API's own routes, mounted after the probes and before the error handlers
   */
  public static Future<HttpServer> start(Vertx vertx, String side, String host, int port, String hint,
                                         Telemetry telemetry, Readiness readiness, Consumer<Router> routes) {
    Router router = Router.router(vertx);
    ProbeRoutes.mount(router, telemetry, readiness);
    routes.accept(router);
    ApiErrors.install(router);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    return server.requestHandler(router).listen()
        .recover(failure -> Future.failedFuture(isAddressInUse(failure)
            ? PortInUseException.forKey(side, "api.port", port, hint, failure)
            : failure))
        .onSuccess(bound -> LOG.info("[address: {}:{}] {} API listening", host, bound.actualPort(), side));
  }

  /** True when the failure (or a cause) is a bind failure because the address is taken. */
  public static boolean isAddressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // NIO throws a BindException, Netty's native transports a NativeIoException, both with
      // this text; a BindException for another reason (an unknown host) is not "in use"
      String message = t.getMessage();
      if (message != null && message.contains("Address already in use")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
