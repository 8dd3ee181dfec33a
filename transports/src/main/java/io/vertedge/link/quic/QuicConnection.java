package io.vertedge.link.quic;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.vertedge.link.Connection;
import io.vertedge.link.FrameReader;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.PeerCertificates;
import io.vertedge.link.codec.FrameCodec;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A link connection over one QUIC connection: one bidirectional stream per link channel, which
 * the edge opens and names in its first byte. Closing is graceful: each stream ends (FIN) after
 * what was written, the side that has read every stream to its end closes the connection with
 * the reason, and a timer covers a peer that is gone. Everything runs on the event loop of the
 * connection's Vert.x context.
 */
final class QuicConnection implements Connection {

  static final AttributeKey<QuicConnection> KEY = AttributeKey.valueOf("vertedge.link.connection");
  /** How long a closing side waits for the peer to read everything before it closes anyway. */
  static final long CLOSE_GRACE_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(QuicConnection.class);
  private static final Channel[] CHANNELS = {Channel.CONTROL, Channel.RESOURCES, Channel.DATA, Channel.STREAMS};

  private final QuicChannel quic;
  private final ContextInternal context;
  private final LinkMetrics metrics;
  private final StreamPipe[] pipes = new StreamPipe[CHANNELS.length];
  private final List<Envelope> beforeHandler = new ArrayList<>(1);
  private SocketAddress remote;
  private Handler<Envelope> envelopeHandler;
  private Handler<String> closedHandler = reason -> { };
  private String closeReason;
  private boolean closing;
  private boolean closed;
  private long graceTimer = -1;
  private final Promise<Void> ended;

  QuicConnection(QuicChannel quic, ContextInternal context, int maxFrameSize, LinkMetrics metrics) {
    if (quic.eventLoop() != context.nettyEventLoop()) {
      throw new IllegalStateException("QUIC channel and Vert.x context on different event loops");
    }
    this.quic = quic;
    this.context = context;
    this.metrics = metrics;
    this.ended = context.promise();
    for (Channel channel : CHANNELS) {
      FrameReader reader = new FrameReader(maxFrameSize, metrics, new RemoteName(this), this::deliver, this::close);
      pipes[channel.getNumber()] = new StreamPipe(channel, context, metrics, reader);
    }
    quic.attr(KEY).set(this);
  }

  /** Prints the peer's address once it is known (the address is read late, after the handshake). */
  private record RemoteName(QuicConnection connection) {
    @Override public String toString() { return String.valueOf(connection.remoteAddress()); }
  }

  ContextInternal context() {
    return context;
  }

  QuicChannel quicChannel() {
    return quic;
  }

  @Override public String transport() { return "quic"; }
  @Override public void closedHandler(Handler<String> handler) { this.closedHandler = handler; }

  @Override
  public SocketAddress remoteAddress() {
    if (remote == null && quic.remoteSocketAddress() instanceof InetSocketAddress address) {
      remote = SocketAddress.inetSocketAddress(address.getPort(), address.getHostString());
    }
    return remote;
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    try {
      return PeerCertificates.parse(quic.sslEngine().getSession().getPeerCertificates(), remoteAddress());
    } catch (SSLPeerUnverifiedException noCertificate) {
      return List.of();
    }
  }

  @Override
  public long bytesIn() {
    long total = 0;
    for (StreamPipe pipe : pipes) {
      total += pipe.bytesIn();
    }
    return total;
  }

  @Override
  public long bytesOut() {
    long total = 0;
    for (StreamPipe pipe : pipes) {
      total += pipe.bytesOut();
    }
    return total;
  }

  /** Envelopes decoded before anyone listened (a hello racing the handshake event) are kept for the first handler. */
  @Override
  public void envelopeHandler(Handler<Envelope> handler) {
    this.envelopeHandler = handler;
    if (!beforeHandler.isEmpty()) {
      List<Envelope> early = List.copyOf(beforeHandler);
      beforeHandler.clear();
      early.forEach(handler::handle);
    }
  }

  @Override
  public Future<Void> write(Envelope envelope) {
    if (closing || closed) {
      return Future.failedFuture(new IllegalStateException("QUIC connection to " + remoteAddress() + " is closed"));
    }
    Channel channel = envelope.getChannel() == Channel.UNRECOGNIZED ? Channel.DATA : envelope.getChannel();
    return pipes[channel.getNumber()].write(FrameCodec.encodeToArray(envelope), channel == Channel.CONTROL);
  }

  /** The edge's side: opens one stream per channel and names it; completes when all are open. */
  Future<QuicConnection> openStreams() {
    List<Future<Void>> opened = new ArrayList<>(pipes.length);
    for (StreamPipe pipe : pipes) {
      Promise<Void> open = context.promise();
      quic.createStream(QuicStreamType.BIDIRECTIONAL, new StreamHandler(this, pipe)).addListener(created -> {
        if (created.isSuccess()) {
          QuicStreamChannel stream = (QuicStreamChannel) created.getNow();
          stream.write(Unpooled.wrappedBuffer(new byte[] {(byte) pipe.channel().getNumber()}));
          pipe.attach(stream);
          open.complete();
        } else {
          open.fail(created.cause());
        }
      });
      opened.add(open.future());
    }
    return Future.all(opened).map(this);
  }

  /** The cloud's side: a stream the edge opened, named by its first byte; null when refused. */
  StreamPipe attachRemoteStream(QuicStreamChannel stream, int channelNumber) {
    if (channelNumber >= pipes.length || pipes[channelNumber].attached()) {
      String reason = channelNumber >= pipes.length ? "unknown link channel " + channelNumber + " on a QUIC stream"
          : "a second QUIC stream for channel " + CHANNELS[channelNumber];
      metrics.frameRefused("corrupt");
      log.warn("[remote: {}] closing link connection: {}", remoteAddress(), reason);
      context.emit(v -> close(reason));
      return null;
    }
    StreamPipe pipe = pipes[channelNumber];
    pipe.attach(stream);
    return pipe;
  }

  @Override
  public Future<Void> close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    if (closing || closed) {
      return ended.future();
    }
    closing = true;
    for (StreamPipe pipe : pipes) {
      pipe.shutdownOutput();
    }
    if (everyStreamRead()) {
      closeNow();
    } else {
      graceTimer = context.setTimer(CLOSE_GRACE_MILLIS, id -> closeNow());
    }
    return ended.future();
  }

  void streamInputEnded(StreamPipe pipe) {
    pipe.inputEnded();
    if (closing && everyStreamRead()) {
      closeNow();
    }
  }

  /** The peer's CONNECTION_CLOSE: its reason, unless we already know why. */
  void peerClosed(QuicConnectionCloseEvent event) {
    if (closeReason != null) {
      return;
    }
    if (event.isApplicationClose() && event.reason() != null && event.reason().length > 0) {
      closeReason = new String(event.reason(), StandardCharsets.UTF_8);
    } else if (event.isTlsError()) {
      closeReason = "TLS alert " + QuicConnectionCloseEvent.extractTlsError(event.error());
    } else {
      closeReason = "connection closed by peer (QUIC error " + event.error() + ")";
    }
  }

  /** The QUIC channel is gone; tells the link once. */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    context.owner().cancelTimer(graceTimer);
    String reason = closeReason != null ? closeReason : quic.isTimedOut() ? "QUIC idle timeout" : "connection closed";
    for (StreamPipe pipe : pipes) {
      pipe.fail(reason);
    }
    closedHandler.handle(reason);
    ended.tryComplete();
  }

  private boolean everyStreamRead() {
    for (StreamPipe pipe : pipes) {
      if (!pipe.inputDone()) {
        return false;
      }
    }
    return true;
  }

  private void closeNow() {
    if (quic.isOpen()) {
      byte[] reason = PeerCertificates.closeReason(closeReason).getBytes(StandardCharsets.UTF_8);
      quic.close(true, 0, Unpooled.wrappedBuffer(reason));
    }
  }

  private void deliver(Envelope envelope) {
    if (envelopeHandler != null) {
      envelopeHandler.handle(envelope);
    } else {
      beforeHandler.add(envelope);
    }
  }
}
