package io.vertedge.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on loopback for link tests. {@link #blackhole()} makes it silently stop
 * forwarding in both directions while keeping the sockets open: a dead network path that
 * only heartbeats can detect.
 */
public final class TcpProxy {

  private final Vertx vertx;
  private final int targetPort;
  private final List<NetSocket> sockets = new ArrayList<>();
  // Held on purpose: an unreferenced client may be closed by the GC.
  private final NetClient client;
  private NetServer server;
  private volatile boolean forwarding = true;

  public TcpProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  public Future<Integer> start() {
    server = vertx.createNetServer().connectHandler(inbound -> {
      inbound.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
        sockets.add(inbound);
        sockets.add(outbound);
        inbound.handler(data -> { if (forwarding) outbound.write(data); });
        outbound.handler(data -> { if (forwarding) inbound.write(data); });
        // a dead path carries no FIN either: else a side that gave up first tells the other
        inbound.closeHandler(v -> { if (forwarding) outbound.close(); });
        outbound.closeHandler(v -> { if (forwarding) inbound.close(); });
        inbound.resume();
      }).onFailure(e -> inbound.close());
    });
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  public void blackhole() {
    forwarding = false;
  }

  public Future<Void> close() {
    sockets.forEach(NetSocket::close);
    return server.close().compose(v -> client.close());
  }
}
