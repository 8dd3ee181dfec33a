package io.vertedge.link.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.ssl.SslHandler;
import io.vertedge.link.Connection;
import io.vertedge.link.FrameReader;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.OutboundWindow;
import io.vertedge.link.PeerCertificates;
import io.vertedge.link.codec.FrameCodec;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A link connection on a Netty WebSocket channel of the cloud's listener, on one of Vert.x's
 * event loops; every call comes in on that loop with the loop's Vert.x context current.
 * Control first by an {@link OutboundWindow}; flushes coalesced per turn of the loop.
 */
final class ServerWebSocketConnection implements Connection {

  private static final Logger log = LoggerFactory.getLogger(ServerWebSocketConnection.class);

  private final Channel channel;
  private final ContextInternal context;
  private final LinkMetrics metrics;
  private final SocketAddress remote;
  private final FrameReader reader;
  private final OutboundWindow window;
  private Handler<Envelope> envelopeHandler = envelope -> { };
  private Handler<String> closedHandler = reason -> { };
  private String closeReason;
  private boolean closed;
  private boolean flushScheduled;
  private long bytesOut;

  ServerWebSocketConnection(Channel channel, ContextInternal context, int maxFrameSize, LinkMetrics metrics) {
    this.channel = channel;
    this.context = context;
    this.metrics = metrics;
    InetSocketAddress address = (InetSocketAddress) channel.remoteAddress();
    this.remote = SocketAddress.inetSocketAddress(address.getPort(), address.getHostString());
    this.reader = new FrameReader(maxFrameSize, metrics, remote, envelope -> envelopeHandler.handle(envelope), this::close);
    this.window = new OutboundWindow(context, this::send);
    channel.closeFuture().addListener(future -> context.emit(v -> onClosed()));
  }

  @Override public String transport() { return "websocket"; }
  @Override public SocketAddress remoteAddress() { return remote; }
  @Override public long bytesIn() { return reader.bytesRead(); }
  @Override public long bytesOut() { return bytesOut; }
  @Override public void envelopeHandler(Handler<Envelope> handler) { this.envelopeHandler = handler; }
  @Override public void closedHandler(Handler<String> handler) { this.closedHandler = handler; }

  @Override
  public List<X509Certificate> peerCertificates() {
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    try {
      return tls == null ? List.of() : PeerCertificates.parse(tls.engine().getSession().getPeerCertificates(), remote);
    } catch (SSLPeerUnverifiedException noCertificate) {
      return List.of();
    }
  }

  @Override
  public Future<Void> write(Envelope envelope) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("websocket to " + remote + " is closed"));
    }
    return window.write(FrameCodec.encodeToArray(envelope), envelope.getChannel() == io.vertedge.link.proto.Channel.CONTROL);
  }

  @Override
  public Future<Void> close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(1000, PeerCertificates.closeReason(reason)))
          .addListener(ChannelFutureListener.CLOSE);
    }
    return Future.succeededFuture();
  }

  void onBinary(ByteBuf content) {
    // copied out: the frame's buffer is released when this returns, a partial frame must outlive it
    reader.read(BufferInternal.buffer(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(content))));
  }

  void onText() {
    reader.refuse("corrupt", "text frames are not part of the link protocol");
  }

  void onPeerClose(int status, String reason) {
    if (closeReason == null) {
      closeReason = reason != null && !reason.isEmpty() ? reason : "connection closed (websocket code " + status + ")";
    }
    channel.close();
  }

  void onError(Throwable error) {
    log.debug("[remote: {}] websocket error: {}", remote, error.toString());
    if (closeReason == null) {
      closeReason = "connection lost: " + error.getMessage();
    }
    channel.close();
  }


  private void send(byte[] frame, Runnable confirmed) {
    bytesOut += frame.length;
    metrics.bytesOut(frame.length);
    BinaryWebSocketFrame message = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame));
    if (confirmed != null) {
      ChannelPromise written = channel.newPromise();
      written.addListener(done -> context.emit(v -> confirmed.run()));
      channel.write(message, written);
    } else {
      channel.write(message, channel.voidPromise());
    }
    if (!flushScheduled) {
      flushScheduled = true;
      channel.eventLoop().execute(() -> {
        flushScheduled = false;
        channel.flush();
      });
    }
  }




  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    String reason = closeReason != null ? closeReason : "connection closed";
    window.close(reason);
    closedHandler.handle(reason);
  }
}
