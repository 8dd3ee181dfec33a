package io.vertedge.link.websocket;

import io.vertedge.link.Connection;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.PeerCertificates;
import io.vertedge.link.codec.FrameCodec;
import io.vertedge.link.codec.FrameDecoder;
import io.vertedge.link.codec.FrameException;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The edge's link connection over a Vert.x WebSocket client: one frame per binary message. Channels are
 * multiplexed with control first: at most {@link #MAX_UNWRITTEN_BYTES} of bulk envelopes are
 * handed to the socket before it confirmed writing them; the rest wait here, and control
 * envelopes go straight out, so a heartbeat waits behind at most that much data.
 *
 * <p>The accounting is our own, by write completions: Vert.x 5.0.7's {@code writeQueueFull()}
 * and drain signal can stay stuck after a burst (seen in {@code LinkBehaviourTest}). Writes on
 * one socket complete in order, so only a checkpoint every {@link #CHECKPOINT_BYTES}, and the
 * write that reaches the limit, carry a listener.
 */
public final class WebSocketConnection implements Connection {

  private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
  static final long MAX_UNWRITTEN_BYTES = 256 * 1024;
  static final long CHECKPOINT_BYTES = 64 * 1024;
  private static final int DRAIN_BURST = 256;
  private static final short MESSAGE_TOO_BIG = 1009;

  private final WebSocketBase socket;
  private final Context context;
  private final LinkMetrics metrics;
  private final SocketAddress remote;
  private final FrameDecoder decoder;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private Handler<Envelope> envelopeHandler = envelope -> { };
  private Handler<String> closedHandler = reason -> { };
  private String closeReason;
  private boolean closed;
  private boolean drainScheduled;
  private long sentBytes;
  private long confirmedBytes;
  private long lastCheckpoint;
  private long bytesIn;
  private long bytesOut;

  private record Queued(Buffer frame, Promise<Void> written) { }

  public WebSocketConnection(WebSocketBase socket, int maxFrameSize, LinkMetrics metrics) {
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.metrics = metrics;
    this.remote = socket.remoteAddress();
    this.decoder = new FrameDecoder(maxFrameSize, envelope -> envelopeHandler.handle(envelope));
    socket.binaryMessageHandler(this::onMessage);
    socket.textMessageHandler(text -> refuse("corrupt", "text frames are not part of the link protocol"));
    socket.exceptionHandler(this::onError);
    socket.closeHandler(ignored -> onClosed());
  }

  @Override public String transport() { return "websocket"; }
  @Override public SocketAddress remoteAddress() { return remote; }
  /**
   * Parsed afresh from the DER bytes on each call (the hello asks once): Netty keeps the peer's
   * certificates in the TLS session as lazily parsed objects, and asking those for the subject
   * would keep a parsed copy, about 3 KB, for the life of every link.
   */
  @Override
  public List<X509Certificate> peerCertificates() {
    if (!socket.isSsl()) {
      return List.of();
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain == null ? List.of() : PeerCertificates.parse(chain.toArray(new Certificate[0]), remote);
    } catch (SSLPeerUnverifiedException noCertificate) {
      return List.of();
    }
  }
  @Override public long bytesIn() { return bytesIn; }
  @Override public long bytesOut() { return bytesOut; }
  @Override public void envelopeHandler(Handler<Envelope> handler) { this.envelopeHandler = handler; }
  @Override public void closedHandler(Handler<String> handler) { this.closedHandler = handler; }

  @Override
  public Future<Void> write(Envelope envelope) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("websocket to " + remote + " is closed"));
    }
    Buffer frame = FrameCodec.encode(envelope);
    if (envelope.getChannel() == Channel.CONTROL || (queued.isEmpty() && unwritten() < MAX_UNWRITTEN_BYTES)) {
      return send(frame);
    }
    Promise<Void> written = Promise.promise();
    queued.add(new Queued(frame, written));
    resumeLater();
    return written.future();
  }

  @Override
  public Future<Void> close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    if (socket.isClosed()) {
      return Future.succeededFuture();
    }
    return socket.close((short) 1000, PeerCertificates.closeReason(reason));
  }

  private void onMessage(Buffer message) {
    bytesIn += message.length();
    metrics.bytesIn(message.length());
    try {
      decoder.feed(message);
    } catch (FrameException e) {
      refuse(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    } catch (RuntimeException e) {
      // a failure above us must not leave the socket half-read: Vert.x would stop reading it
      log.error("[remote: {}] closing websocket link: handling a message failed", remote, e);
      close("internal error while handling a message");
    }
  }

  private void onError(Throwable error) {
    if (error instanceof io.netty.handler.codec.CorruptedFrameException
        || error instanceof io.netty.handler.codec.TooLongFrameException) {
      refuse("oversize", "websocket message refused: " + error.getMessage());
    } else {
      log.debug("[remote: {}] websocket error: {}", remote, error.toString());
    }
  }

  private void refuse(String kind, String reason) {
    metrics.frameRefused(kind);
    log.warn("[remote: {}] closing websocket link: {}", remote, reason);
    close(reason);
  }

  /** Sends what waited, a bounded burst per turn of the event loop. */
  private void drain() {
    int sent = 0;
    while (!queued.isEmpty() && unwritten() < MAX_UNWRITTEN_BYTES && sent++ < DRAIN_BURST) {
      Queued next = queued.poll();
      send(next.frame()).onComplete(next.written());
    }
    resumeLater();
  }

  private Future<Void> send(Buffer frame) {
    int size = frame.length();
    bytesOut += size;
    sentBytes += size;
    metrics.bytesOut(size);
    Future<Void> written = socket.writeBinaryMessage(frame);
    if (sentBytes - lastCheckpoint >= CHECKPOINT_BYTES || unwritten() >= MAX_UNWRITTEN_BYTES) {
      long mark = sentBytes;
      lastCheckpoint = mark;
      written.onComplete(done -> {
        confirmedBytes = Math.max(confirmedBytes, mark);
        resumeLater();
      });
    }
    return written;
  }

  private long unwritten() {
    return sentBytes - confirmedBytes;
  }

  /** Continues on the next turn while the socket takes more; else a checkpoint's completion does. */
  private void resumeLater() {
    if (drainScheduled || closed || queued.isEmpty() || unwritten() >= MAX_UNWRITTEN_BYTES) {
      return;
    }
    drainScheduled = true;
    context.runOnContext(v -> {
      drainScheduled = false;
      drain();
    });
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    Short code = socket.closeStatusCode();
    if (code != null && code == MESSAGE_TOO_BIG) {
      metrics.frameRefused("oversize");
    }
    String reason = closeReason != null ? closeReason
        : socket.closeReason() != null && !socket.closeReason().isEmpty() ? socket.closeReason()
        : "connection closed" + (code == null ? "" : " (websocket code " + code + ")");
    IllegalStateException gone = new IllegalStateException("websocket closed: " + reason);
    queued.forEach(q -> q.written().tryFail(gone));
    queued.clear();
    closedHandler.handle(reason);
  }


}
