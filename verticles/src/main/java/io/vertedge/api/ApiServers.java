package io.vertedge.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** Binds the HTTP server of an API and turns "address in use" into a {@link PortInUseException}. */
public final class ApiServers {

  private ApiServers() { }

  /**
   * Listens on {@code host:port} (0 = any free port) with the router.
   *
   * @param side {@code cloud} or {@code edge}, for the message naming the key
   * @param hint what else may hold the port, or null
   */
  public static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port,
                                          String side, String hint) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    return server.requestHandler(router).listen()
        .recover(failure -> Future.failedFuture(isAddressInUse(failure)
            ? PortInUseException.forKey(side, "api.port", port, hint, failure)
            : failure));
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
