package io.vertedge.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A UDP relay on loopback for QUIC tests: one upstream socket per client address, so the
 * server sees one peer per client. {@link #drop(boolean)} makes it silently discard every
 * datagram both ways (UDP blocked by a firewall) and can be undone; counts what it relayed.
 */
public final class UdpProxy {

  private final Vertx vertx;
  private final int targetPort;
  private final Map<SocketAddress, DatagramSocket> upstreams = new HashMap<>();
  private final List<DatagramSocket> sockets = new ArrayList<>();
  private DatagramSocket front;
  private volatile boolean dropping;
  private volatile long relayed;

  public UdpProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.targetPort = targetPort;
  }

  public Future<Integer> start() {
    front = vertx.createDatagramSocket();
    sockets.add(front);
    front.handler(packet -> {
      if (dropping) {
        return;
      }
      relayed++;
      upstream(packet.sender()).send(packet.data(), targetPort, "127.0.0.1");
    });
    return front.listen(0, "127.0.0.1").map(socket -> socket.localAddress().port());
  }

  private DatagramSocket upstream(SocketAddress client) {
    return upstreams.computeIfAbsent(client, address -> {
      DatagramSocket upstream = vertx.createDatagramSocket();
      sockets.add(upstream);
      upstream.handler(packet -> {
        if (!dropping) {
          relayed++;
          front.send(packet.data(), address.port(), address.host());
        }
      });
      // a fresh socket may drop an answer that comes before listen completed: QUIC retransmits
      upstream.listen(0, "127.0.0.1");
      return upstream;
    });
  }

  /** True: every datagram is silently discarded, both ways. */
  public void drop(boolean drop) {
    this.dropping = drop;
  }

  public long relayed() {
    return relayed;
  }

  public Future<Void> close() {
    return Future.all(sockets.stream().map(DatagramSocket::close).toList()).mapEmpty();
  }
}
