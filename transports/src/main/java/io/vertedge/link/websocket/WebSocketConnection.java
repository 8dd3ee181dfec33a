package io.vertedge.link.websocket;

import io.vertedge.link.Connection;
import io.vertedge.link.FrameReader;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.OutboundWindow;
import io.vertedge.link.PeerCertificates;
import io.vertedge.link.codec.FrameCodec;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The edge's link connection over a Vert.x WebSocket client: one frame per binary message,
 * channels multiplexed with control first by an {@link OutboundWindow}.
 */
public final class WebSocketConnection implements Connection {

  private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final short MESSAGE_TOO_BIG = 1009;

  private final WebSocketBase socket;
  private final LinkMetrics metrics;
  private final SocketAddress remote;
  private final FrameReader reader;
  private final OutboundWindow window;
  private Handler<Envelope> envelopeHandler = envelope -> { };
  private Handler<String> closedHandler = reason -> { };
  private String closeReason;
  private boolean closed;
  private long bytesOut;
  private final io.vertx.core.Promise<Void> ended = io.vertx.core.Promise.promise();

  public WebSocketConnection(WebSocketBase socket, int maxFrameSize, LinkMetrics metrics) {
    this.socket = socket;
    this.window = new OutboundWindow(Vertx.currentContext(), this::send);
    this.metrics = metrics;
    this.remote = socket.remoteAddress();
    this.reader = new FrameReader(maxFrameSize, metrics, remote, envelope -> envelopeHandler.handle(envelope), this::close);
    socket.binaryMessageHandler(reader::read);
    socket.textMessageHandler(text -> reader.refuse("corrupt", "text frames are not part of the link protocol"));
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
  @Override public long bytesIn() { return reader.bytesRead(); }
  @Override public long bytesOut() { return bytesOut; }
  @Override public void envelopeHandler(Handler<Envelope> handler) { this.envelopeHandler = handler; }
  @Override public void closedHandler(Handler<String> handler) { this.closedHandler = handler; }

  @Override
  public Future<Void> write(Envelope envelope) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("websocket to " + remote + " is closed"));
    }
    return window.write(FrameCodec.encodeToArray(envelope), envelope.getChannel() == Channel.CONTROL);
  }

  @Override
  public Future<Void> close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    if (!socket.isClosed()) {
      socket.close((short) 1000, PeerCertificates.closeReason(reason));
    }
    // when the peer answered the close, it has read everything written before it
    return ended.future();
  }


  private void onError(Throwable error) {
    if (error instanceof io.netty.handler.codec.CorruptedFrameException
        || error instanceof io.netty.handler.codec.TooLongFrameException) {
      reader.refuse("oversize", "websocket message refused: " + error.getMessage());
    } else {
      log.debug("[remote: {}] websocket error: {}", remote, error.toString());
    }
  }



  private void send(byte[] frame, Runnable confirmed) {
    bytesOut += frame.length;
    metrics.bytesOut(frame.length);
    Future<Void> written = socket.writeBinaryMessage(Buffer.buffer(frame));
    if (confirmed != null) {
      written.onComplete(done -> confirmed.run());
    }
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
    window.close(reason);
    closedHandler.handle(reason);
    ended.tryComplete();
  }


}
