package io.vertedge.link.websocket;

import io.vertedge.link.Connection;
import io.vertedge.link.Failures;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's WebSocket listener ({@code wss://host:10000/v1/link}). Client certificates are
 * requested rather than required, so that an edge without one gets a refusal with a reason
 * instead of a bare TLS alert; the hello verifier then insists on one.
 */
public final class WebSocketLinkListener implements LinkListener {

  public static final String PATH = "/v1/link";
  private static final Logger log = LoggerFactory.getLogger(WebSocketLinkListener.class);

  private final Vertx vertx;
  private final LinkTls tls;
  private final int maxFrameSize;
  private final LinkMetrics metrics;
  private Handler<Connection> connectionHandler = connection -> connection.close("no handler");
  private HttpServer server;

  public WebSocketLinkListener(Vertx vertx, LinkTls tls, int maxFrameSize, LinkMetrics metrics) {
    this.vertx = vertx;
    this.tls = tls;
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public void connectionHandler(Handler<Connection> handler) {
    this.connectionHandler = handler;
  }

  @Override
  public Future<Integer> listen(String host, int port) {
    int limit = LinkTls.webSocketLimit(maxFrameSize);
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true)
        .setSslEngineOptions(LinkTls.engine())
        .setKeyCertOptions(tls.keyCertOptions())
        .setTrustOptions(tls.trustOptions())
        .setClientAuth(ClientAuth.REQUEST)
        .setMaxWebSocketFrameSize(limit)
        .setMaxWebSocketMessageSize(limit)
        .setTcpNoDelay(true);
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(this::onHandshake)
        .webSocketHandler(socket -> connectionHandler.handle(new WebSocketConnection(socket, maxFrameSize, metrics)))
        .requestHandler(request -> {
          log.warn("[remote: {}] plain HTTP request {} {} on the link port refused", request.remoteAddress(), request.method(), request.uri());
          metrics.linkRefused("http");
          request.response().setStatusCode(400).end("this port speaks the Vertedge link: WebSocket on " + PATH + "\n");
        })
        .invalidRequestHandler(request -> {
          log.warn("[remote: {}] malformed HTTP on the link port refused", request.remoteAddress());
          metrics.linkRefused("http");
          request.response().setStatusCode(400).end();
        })
        .exceptionHandler(error -> {
          metrics.linkRefused("tls");
          // Vert.x reports failures before the TLS handshake without the peer's address.
          log.warn("link port: connection refused during TLS: {}", Failures.brief(error));
        });
    return server.listen(port, host).map(HttpServer::actualPort);
  }

  @Override
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void onHandshake(ServerWebSocketHandshake handshake) {
    if (!PATH.equals(handshake.path())) {
      log.warn("[remote: {}] websocket on unknown path {} refused", handshake.remoteAddress(), handshake.path());
      metrics.linkRefused("path");
      handshake.reject(404);
      return;
    }
    handshake.accept();
  }

}
