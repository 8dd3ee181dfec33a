package io.vertedge.link.quic;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vertedge.link.Connection;
import io.vertedge.link.Failures;
import io.vertedge.link.LinkMetrics;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one QUIC connection on either side: on the cloud it hands the connection to the
 * link once the TLS handshake completed, and refuses a failed handshake with the peer's address
 * in the log; on both sides it carries the peer's close reason and the end of the connection.
 */
final class QuicConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(QuicConnectionHandler.class);

  private final QuicConnection connection;
  private final LinkMetrics metrics;
  private final Handler<Connection> accepted;

  /** {@code accepted} is null on the edge, which takes its connection from the bootstrap. */
  QuicConnectionHandler(QuicConnection connection, LinkMetrics metrics, Handler<Connection> accepted) {
    this.connection = connection;
    this.metrics = metrics;
    this.accepted = accepted;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (accepted != null) {
      connection.context().emit(connection, accepted);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof QuicConnectionCloseEvent close) {
      connection.context().emit(close, connection::peerClosed);
    } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess() && accepted != null) {
      refused(ctx, handshake.cause());
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.context().emit(v -> connection.closed());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (accepted != null && !ctx.channel().isActive()) {
      refused(ctx, cause);
    } else {
      log.debug("[remote: {}] QUIC connection error: {}", connection.remoteAddress(), cause.toString());
    }
  }

  private void refused(ChannelHandlerContext ctx, Throwable cause) {
    metrics.linkRefused("tls");
    log.warn("[remote: {}] QUIC link port: connection refused: {}",
        ((QuicChannel) ctx.channel()).remoteSocketAddress(), Failures.brief(cause));
    ctx.close();
  }
}
