package io.vertedge.link.websocket;

import io.vertedge.link.Connection;
import io.vertedge.link.LinkMetrics;
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
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A link connection over one WebSocket: one frame per binary message. Channels are
 * multiplexed with control first: at most {@link #MAX_UNWRITTEN_BYTES} of bulk envelopes are
 * handed to Vert.x before the socket took them; the rest wait here, and control envelopes go
 * straight out, so a heartbeat waits behind at most that much data. Each completed write
 * releases the next ones, which does not depend on Vert.x's drain signals.
 */
public final class WebSocketConnection implements Connection {

  private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
  static final int MAX_UNWRITTEN_BYTES = 256 * 1024;
  private static final int DRAIN_BURST = 256;
  private static final short MESSAGE_TOO_BIG = 1009;

  private final WebSocketBase socket;
  private final Context context;
  private final LinkMetrics metrics;
  private final SocketAddress remote;
  private final List<X509Certificate> peerCertificates;
  private final FrameDecoder decoder;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private Handler<Envelope> envelopeHandler = envelope -> { };
  private Handler<String> closedHandler = reason -> { };
  private String closeReason;
  private boolean closed;
  private boolean drainScheduled;
  private long unwrittenBytes;
  private long bytesIn;
  private long bytesOut;

  private record Queued(Buffer frame, Promise<Void> written) { }

  public WebSocketConnection(WebSocketBase socket, int maxFrameSize, LinkMetrics metrics) {
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.metrics = metrics;
    this.remote = socket.remoteAddress();
    this.peerCertificates = peerCertificatesOf(socket);
    this.decoder = new FrameDecoder(maxFrameSize, envelope -> envelopeHandler.handle(envelope));
    socket.binaryMessageHandler(this::onMessage);
    socket.textMessageHandler(text -> refuse("corrupt", "text frames are not part of the link protocol"));
    socket.exceptionHandler(this::onError);
    socket.closeHandler(ignored -> onClosed());
  }

  @Override public String transport() { return "websocket"; }
  @Override public SocketAddress remoteAddress() { return remote; }
  @Override public List<X509Certificate> peerCertificates() { return peerCertificates; }
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
    if (envelope.getChannel() == Channel.CONTROL || (queued.isEmpty() && unwrittenBytes < MAX_UNWRITTEN_BYTES)) {
      return send(frame);
    }
    Promise<Void> written = Promise.promise();
    queued.add(new Queued(frame, written));
    scheduleDrain();
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
    return socket.close((short) 1000, truncateUtf8(reason, 123));
  }

  private void onMessage(Buffer message) {
    bytesIn += message.length();
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
    while (!queued.isEmpty() && unwrittenBytes < MAX_UNWRITTEN_BYTES && sent++ < DRAIN_BURST) {
      Queued next = queued.poll();
      send(next.frame()).onComplete(next.written());
    }
    scheduleDrain();
  }

  private Future<Void> send(Buffer frame) {
    int size = frame.length();
    bytesOut += size;
    unwrittenBytes += size;
    return socket.writeBinaryMessage(frame).andThen(written -> {
      unwrittenBytes -= size;
      scheduleDrain();
    });
  }

  private void scheduleDrain() {
    if (drainScheduled || closed || queued.isEmpty() || unwrittenBytes >= MAX_UNWRITTEN_BYTES) {
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

  private static List<X509Certificate> peerCertificatesOf(WebSocketBase socket) {
    if (!socket.isSsl()) {
      return List.of();
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return List.of();
    }
  }

  static String truncateUtf8(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int end = maxBytes;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
