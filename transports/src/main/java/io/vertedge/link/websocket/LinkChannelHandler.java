package io.vertedge.link.websocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertedge.link.Connection;
import io.vertedge.link.Failures;
import io.vertedge.link.LinkMetrics;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Last handler of a link channel: refuses anything that is not the link (with the peer's
 * address in the log, TLS failures included, which Vert.x's own server cannot give), and once
 * the WebSocket handshake completed hands frames to the {@link ServerWebSocketConnection}.
 */
final class LinkChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(LinkChannelHandler.class);

  private final ContextInternal context;
  private final int maxFrameSize;
  private final LinkMetrics metrics;
  private final Handler<Connection> connectionHandler;
  private ServerWebSocketConnection connection;

  LinkChannelHandler(ContextInternal context, int maxFrameSize, LinkMetrics metrics, Handler<Connection> connectionHandler) {
    this.context = context;
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
    this.connectionHandler = connectionHandler;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      connection = new ServerWebSocketConnection(ctx.channel(), context, maxFrameSize, metrics);
      context.emit(connection, connectionHandler);
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    try {
      if (message instanceof BinaryWebSocketFrame binary && connection != null) {
        context.emit(binary.content(), connection::onBinary);
      } else if (message instanceof TextWebSocketFrame && connection != null) {
        context.emit(v -> connection.onText());
      } else if (message instanceof CloseWebSocketFrame close && connection != null) {
        int status = close.statusCode();
        String reason = close.reasonText();
        context.emit(v -> connection.onPeerClose(status, reason));
      } else if (message instanceof FullHttpRequest request) {
        refuseHttp(ctx, request);
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (connection != null) {
      context.emit(cause, connection::onError);
      return;
    }
    metrics.linkRefused("tls");
    log.warn("[remote: {}] link port: connection refused: {}", ctx.channel().remoteAddress(), Failures.brief(cause));
    ctx.close();
  }

  private void refuseHttp(ChannelHandlerContext ctx, FullHttpRequest request) {
    metrics.linkRefused("http");
    log.warn("[remote: {}] plain HTTP request {} {} on the link port refused", ctx.channel().remoteAddress(),
        request.method(), request.uri());
    byte[] body = ("this port speaks the Vertedge link: WebSocket on " + WebSocketLinkListener.PATH + "\n")
        .getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
