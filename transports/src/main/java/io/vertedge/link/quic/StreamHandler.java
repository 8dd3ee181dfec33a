package io.vertedge.link.quic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one QUIC stream of a link connection, on the connection's event loop. A stream the
 * peer opened names its link channel in its first byte; a stream we opened knows it already.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

  private final QuicConnection connection;
  private StreamPipe pipe;

  /** For a stream the peer opens. */
  StreamHandler(QuicConnection connection) {
    this.connection = connection;
  }

  /** For a stream we open for {@code pipe}. */
  StreamHandler(QuicConnection connection, StreamPipe pipe) {
    this.connection = connection;
    this.pipe = pipe;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ByteBuf data = (ByteBuf) message;
    try {
      if (pipe == null) {
        if (!data.isReadable()) {
          return;
        }
        pipe = connection.attachRemoteStream((QuicStreamChannel) ctx.channel(), data.readUnsignedByte());
        if (pipe == null) {
          return;
        }
      }
      if (data.isReadable()) {
        connection.context().emit(data, pipe::read);
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownReadComplete) {
      ended();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ended();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("[remote: {}] QUIC stream {}: {}", connection.remoteAddress(),
        ((QuicStreamChannel) ctx.channel()).streamId(), cause.toString());
  }

  private void ended() {
    if (pipe != null) {
      StreamPipe ending = pipe;
      connection.context().emit(v -> connection.streamInputEnded(ending));
    }
  }
}
