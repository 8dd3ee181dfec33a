package io.vertedge.link;

import io.vertedge.link.quic.QuicLinkListener;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertedge.link.websocket.WebSocketConnection;
import io.vertedge.testsupport.TcpProxy;
import io.vertedge.testsupport.UdpProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.function.Consumer;

/** How the transport-independent link suite makes listeners, providers and endpoints. */
interface TransportFixture {

  String name();

  LinkListener listener(Vertx vertx, LinkTls tls, int maxFrameSize, LinkMetrics metrics);

  LinkProvider provider(Vertx vertx, LinkTls tls, LinkSettings settings, LinkMetrics metrics);

  LinkEndpoints endpoints(int port);

  /** A connection that passed TLS but not the hello, for tests that speak the protocol by hand. */
  Future<Connection> rawConnection(Vertx vertx, LinkTls tls, int maxFrameSize, int port);

  /** The port a test proxy in front of {@code port} listens on, for the path-goes-silent tests. */
  Future<Integer> proxy(Vertx vertx, int port, Consumer<Runnable> blackhole);

  TransportFixture WEBSOCKET = new TransportFixture() {
    @Override public String name() { return "websocket"; }
    @Override public LinkListener listener(Vertx vertx, LinkTls tls, int max, LinkMetrics metrics) {
      return new WebSocketLinkListener(vertx, tls, max, metrics);
    }
    @Override public LinkProvider provider(Vertx vertx, LinkTls tls, LinkSettings settings, LinkMetrics metrics) {
      return new WebSocketLinkProvider(vertx, tls, settings, metrics);
    }
    @Override public LinkEndpoints endpoints(int port) {
      return new LinkEndpoints("wss://127.0.0.1:" + port + "/v1/link", "127.0.0.1:0");
    }
    @Override public Future<Connection> rawConnection(Vertx vertx, LinkTls tls, int max, int port) {
      // the connection keeps the client referenced: an unreferenced client may be closed by the GC
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setSsl(true).setVerifyHost(false).setKeyCertOptions(tls.keyCertOptions()).setTrustOptions(tls.trustOptions()));
      return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/link").setSsl(true))
          .map(socket -> new HeldClientConnection(new WebSocketConnection(socket, max, LinkMetrics.noop()), client));
    }
    @Override public Future<Integer> proxy(Vertx vertx, int port, Consumer<Runnable> blackhole) {
      TcpProxy proxy = new TcpProxy(vertx, port);
      blackhole.accept(proxy::blackhole);
      return proxy.start();
    }
    @Override public String toString() { return name(); }
  };

  TransportFixture QUIC = new TransportFixture() {
    @Override public String name() { return "quic"; }
    @Override public LinkListener listener(Vertx vertx, LinkTls tls, int max, LinkMetrics metrics) {
      return new QuicLinkListener(vertx, tls, max, QuicSettings.defaults(), metrics);
    }
    @Override public LinkProvider provider(Vertx vertx, LinkTls tls, LinkSettings settings, LinkMetrics metrics) {
      return new QuicLinkProvider(vertx, tls, settings, QuicSettings.defaults(), metrics);
    }
    @Override public LinkEndpoints endpoints(int port) {
      return new LinkEndpoints("wss://127.0.0.1:1/v1/link", "127.0.0.1:" + port);
    }
    @Override public Future<Connection> rawConnection(Vertx vertx, LinkTls tls, int max, int port) {
      return new QuicLinkProvider(vertx, tls, LinkSettings.defaults("test").withMaxFrameSize(max), QuicSettings.defaults(),
          LinkMetrics.noop()).dial(endpoints(port), Duration.ofSeconds(5));
    }
    @Override public Future<Integer> proxy(Vertx vertx, int port, Consumer<Runnable> blackhole) {
      UdpProxy proxy = new UdpProxy(vertx, port);
      blackhole.accept(() -> proxy.drop(true));
      return proxy.start();
    }
    @Override public String toString() { return name(); }
  };

  /** A connection that holds on to the client it came from, for as long as the test holds the connection. */
  record HeldClientConnection(Connection delegate, Object client) implements Connection {
    @Override public String transport() { return delegate.transport(); }
    @Override public io.vertx.core.net.SocketAddress remoteAddress() { return delegate.remoteAddress(); }
    @Override public java.util.List<java.security.cert.X509Certificate> peerCertificates() { return delegate.peerCertificates(); }
    @Override public Future<Void> write(io.vertedge.link.proto.Envelope envelope) { return delegate.write(envelope); }
    @Override public void envelopeHandler(io.vertx.core.Handler<io.vertedge.link.proto.Envelope> handler) { delegate.envelopeHandler(handler); }
    @Override public void closedHandler(io.vertx.core.Handler<String> handler) { delegate.closedHandler(handler); }
    @Override public Future<Void> close(String reason) { return delegate.close(reason); }
    @Override public long bytesOut() { return delegate.bytesOut(); }
    @Override public long bytesIn() { return delegate.bytesIn(); }
  }
}
