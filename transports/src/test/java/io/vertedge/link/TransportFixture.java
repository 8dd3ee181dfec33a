package io.vertedge.link;

import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertx.core.Vertx;

/** How the transport-independent link suite makes listeners, providers and endpoints. */
interface TransportFixture {

  String name();

  LinkListener listener(Vertx vertx, LinkTls tls, int maxFrameSize, LinkMetrics metrics);

  LinkProvider provider(Vertx vertx, LinkTls tls, LinkSettings settings, LinkMetrics metrics);

  LinkEndpoints endpoints(int port);

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
    @Override public String toString() { return name(); }
  };

}
