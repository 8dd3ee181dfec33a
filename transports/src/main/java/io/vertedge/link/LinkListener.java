package io.vertedge.link;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/** The cloud's listener of one transport; hands each new connection to the hello. */
public interface LinkListener {

  String transport();

  /** Binds; completes with the actual port (port 0 picks a free one). */
  Future<Integer> listen(String host, int port);

  void connectionHandler(Handler<Connection> handler);

  Future<Void> close();
}
