package io.vertedge.link.websocket;

import io.vertedge.link.ClientHandshake;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;

/**
 * The edge's WebSocket dialer: mutual TLS with the node certificate against the pinned CA,
 * then the hello. Host names are not checked against the server certificate: trust comes from
 * the private CA, pinned by the join token, and only it issues server certificates.
 */
public final class WebSocketLinkProvider implements LinkProvider {

  private final Vertx vertx;
  private final LinkSettings settings;
  private final LinkMetrics metrics;
  private final ClientHandshake handshake;
  // Held on purpose: an unreferenced client may be closed by the GC (FIELD-NOTES).
  private WebSocketClient client;

  public WebSocketLinkProvider(Vertx vertx, LinkTls tls, LinkSettings settings, LinkMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    this.handshake = new ClientHandshake(vertx, settings, metrics);
    this.client = newClient(tls);
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public Future<Link> connect(LinkEndpoints endpoints, String nodeName) {
    URI uri = endpoints.websocketUri();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : 10000)
        .setURI(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? WebSocketLinkListener.PATH : uri.getRawPath())
        .setSsl(true);
    return client.connect(options)
        .map(socket -> new WebSocketConnection(socket, settings.maxFrameSize(), metrics))
        .compose(connection -> handshake.perform(connection, nodeName));
  }

  @Override
  public void updateTls(LinkTls tls) {
    WebSocketClient previous = client;
    client = newClient(tls);
    previous.close();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private WebSocketClient newClient(LinkTls tls) {
    int limit = LinkTls.webSocketLimit(settings.maxFrameSize());
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setSsl(true)
        .setSslEngineOptions(LinkTls.engine())
        .setTrustOptions(tls.trustOptions())
        .setVerifyHost(false)
        .setMaxFrameSize(limit)
        .setMaxMessageSize(limit)
        .setConnectTimeout(10_000)
        .setTcpNoDelay(true);
    if (tls.hasCertificate()) {
      options.setKeyCertOptions(tls.keyCertOptions());
    }
    return vertx.createWebSocketClient(options);
  }
}
