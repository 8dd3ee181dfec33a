package io.vertedge.link;

import io.vertx.core.Future;

/**
 * The edge's way to open a link over one transport (or a choice of them): dial, TLS, hello.
 * EdgeHub asks its provider for links and never looks at the transport itself.
 */
public interface LinkProvider {

  /** {@code websocket}, {@code quic} or {@code auto}. */
  String transport();

  /** Dials the cloud and completes with a link that passed the hello. */
  Future<Link> connect(LinkEndpoints endpoints, String nodeName);

  /**
   * Watches a link it made for a better transport becoming possible ({@code auto}: QUIC again
   * while the link runs over WebSocket) and runs {@code better} when one is ready to take over.
   * Providers of one transport have nothing better.
   */
  default void watchForBetter(Link link, Runnable better) {
  }

  /** Takes new TLS material (after a certificate renewal) for the next connection. */
  void updateTls(LinkTls tls);

  Future<Void> close();
}
