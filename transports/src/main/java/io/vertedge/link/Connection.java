package io.vertedge.link;

import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One transport connection carrying framed envelopes, before and after the hello. Each
 * transport (WebSocket, QUIC) implements it; everything above it is transport-agnostic.
 * All handlers run on the connection's Vert.x context.
 */
public interface Connection {

  String transport();

  SocketAddress remoteAddress();

  /** The peer's certificate chain as verified by TLS; empty when the peer sent none. */
  List<X509Certificate> peerCertificates();

  /** Writes one envelope; control envelopes overtake queued bulk data. */
  Future<Void> write(Envelope envelope);

  /** Every decoded envelope, in order per channel. */
  void envelopeHandler(Handler<Envelope> handler);

  /** Called once when the connection is gone, with the best reason known. */
  void closedHandler(Handler<String> handler);

  /** Closes with a reason the peer can log (truncated to what the transport carries). */
  Future<Void> close(String reason);

  /** Bytes written and read so far, frames included. */
  long bytesOut();

  long bytesIn();
}
