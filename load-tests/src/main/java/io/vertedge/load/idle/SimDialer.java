package io.vertedge.load.idle;

import io.vertedge.link.Link;
import io.vertx.core.Future;

/** Dials one simulated node's link (TLS with its certificate, then the hello): WebSocket or QUIC. */
interface SimDialer {

  /** On the context of event loop {@code loop} (the simulator dials round robin over its loops). */
  Future<Link> connect(String nodeName, int loop);

  Future<Void> close();
}
