package io.vertedge.link;

import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;
import java.time.Instant;

/**
 * An authenticated cloud-edge link after a successful hello, whatever its transport.
 * Control traffic (heartbeats, close) is handled inside; the handler sees everything else.
 */
public interface Link {

  /** {@code websocket} or {@code quic}. */
  String transport();

  /** The node at the other end (the edge's name; on the edge, its own name). */
  String node();

  SocketAddress remoteAddress();

  /** Software version the peer announced in its hello or welcome. */
  String peerVersion();

  Instant connectedSince();

  /** When the last heartbeat (ping or pong) arrived; {@code connectedSince} before any. */
  Instant lastHeartbeat();

  long messagesIn();

  long messagesOut();

  long bytesIn();

  long bytesOut();

  /** Sends an application envelope; completes when the transport took it. */
  Future<Void> send(Envelope envelope);

  /**
   * Completes once the transport took every envelope sent so far (or refused it): what a
   * graceful close waits for, so that nothing already sent is cut off by the close.
   */
  Future<Void> flushed();

  Link handler(Handler<Envelope> handler);

  Link closeHandler(Handler<LinkClosed> handler);

  /** Round trip of a ping over the control channel; fails when no pong arrives in time. */
  Future<Duration> ping(Duration timeout);

  Future<Void> close(String reason);

  boolean isOpen();
}
