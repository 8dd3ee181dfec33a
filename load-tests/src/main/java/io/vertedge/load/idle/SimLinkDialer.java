package io.vertedge.load.idle;

import io.vertedge.link.ClientHandshake;
import io.vertedge.link.Link;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.websocket.WebSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;

/**
 * The simulator's dialer: what {@code WebSocketLinkProvider} does (mutual TLS, then the
 * transports' own {@link ClientHandshake} and {@link WebSocketConnection}), but with ONE
 * {@link WebSocketClient} and ONE TLS context for every simulated node: each node dials
 * {@code <node>.sim.invalid}, which the simulator's in-memory hosts file resolves to the cloud's
 * address; that TLS peer host names the node, and {@link SimKeyManager} presents that
 * node's certificate. One {@code WebSocketLinkProvider} per node would need 10,000 clients,
 * 10,000 TLS contexts and PEM files on disk ({@code LinkTls} takes paths).
 */
final class SimLinkDialer implements SimDialer {

  private final LinkSettings settings;
  private final ClientHandshake handshake;
  private final LinkMetrics metrics;
  private final URI uri;
  // Held on purpose: an unreferenced client may be closed by the GC (FIELD-NOTES).
  private final WebSocketClient client;

  SimLinkDialer(Vertx vertx, String websocketUrl, Buffer caPem, SimKeyManager keys, LinkSettings settings, int maxLinks) {
    this.settings = settings;
    this.metrics = LinkMetrics.noop();
    this.handshake = new ClientHandshake(vertx, settings, metrics);
    this.uri = URI.create(websocketUrl);
    int limit = LinkTls.webSocketLimit(settings.maxFrameSize());
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setSsl(true)
        .setSslEngineOptions(LinkTls.engine())
        .setTrustOptions(new PemTrustOptions().addCertValue(caPem))
        .setKeyCertOptions(KeyCertOptions.wrap(keys))
        .setVerifyHost(false)
        .setMaxFrameSize(limit)
        .setMaxMessageSize(limit)
        // Vert.x caps WebSockets per endpoint at 50 by default; the others would queue.
        .setMaxConnections(maxLinks + 16)
        .setConnectTimeout(10_000)
        .setTcpNoDelay(true));
  }

  /** Connects one node with its own certificate and does the hello, on the caller's context. */
  @Override
  public Future<Link> connect(String nodeName, int loop) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(SimKeyManager.peerHost(nodeName))
        .setPort(uri.getPort())
        .setURI(uri.getRawPath())
        .setSsl(true);
    return client.connect(options)
        .map(socket -> new WebSocketConnection(socket, settings.maxFrameSize(), metrics))
        .compose(connection -> handshake.perform(connection, nodeName));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
