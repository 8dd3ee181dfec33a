package io.vertedge.link.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.vertedge.link.Connection;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The cloud's QUIC listener (UDP {@code link.quicPort}, ALPN {@code vertedge/1}): Netty's QUIC
 * codec on the event loop of the Vert.x context that calls {@link #listen}, so every
 * connection, stream and callback runs on that context with no thread of our own. Initial
 * packets are answered with a Retry first ({@link RetryTokens}).
 */
public final class QuicLinkListener implements LinkListener {

  private static final Logger log = LoggerFactory.getLogger(QuicLinkListener.class);
  /** Socket buffers asked of the kernel (it caps them at net.core.rmem_max / wmem_max). */
  private static final int SOCKET_BUFFER_BYTES = 4 << 20;
  private static final String CLOSING = "the cloud's QUIC listener is closing";

  private final Vertx vertx;
  private final LinkTls tls;
  private final int maxFrameSize;
  private final QuicSettings settings;
  private final LinkMetrics metrics;
  private final ChannelGroup connections = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
  private Handler<Connection> connectionHandler = connection -> connection.close("no handler");
  private Channel socket;

  public QuicLinkListener(Vertx vertx, LinkTls tls, int maxFrameSize, QuicSettings settings, LinkMetrics metrics) {
    this.vertx = vertx;
    this.tls = tls;
    this.maxFrameSize = maxFrameSize;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public String transport() {
    return "quic";
  }

  @Override
  public void connectionHandler(Handler<Connection> handler) {
    this.connectionHandler = handler;
  }

  @Override
  public Future<Integer> listen(String host, int port) {
    ContextInternal context = eventLoopContext();
    // reading the PEM files and building the TLS context block: a worker does it
    return context.executeBlocking(() -> QuicTlsContexts.server(tls))
        .compose(ssl -> bind(context, ssl, host, port));
  }

  private ContextInternal eventLoopContext() {
    ContextInternal current = (ContextInternal) vertx.getOrCreateContext();
    return current.isEventLoopContext() ? current : ((VertxInternal) vertx).createEventLoopContext();
  }

  private Future<Integer> bind(ContextInternal context, QuicSslContext ssl, String host, int port) {
    VertxInternal internal = (VertxInternal) vertx;
    QuicServerCodecBuilder codec = QuicTlsContexts.apply(new QuicServerCodecBuilder(), settings)
        .sslContext(ssl)
        .tokenHandler(new RetryTokens(Clock.systemUTC()))
        .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel quic) {
            connections.add(quic);
            QuicConnection connection = new QuicConnection(quic, context, maxFrameSize, metrics);
            quic.pipeline().addLast(new QuicConnectionHandler(connection, metrics, connectionHandler));
          }
        })
        .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
          @Override
          protected void initChannel(QuicStreamChannel stream) {
            stream.pipeline().addLast(new StreamHandler(stream.parent().attr(QuicConnection.KEY).get()));
          }
        });
    Bootstrap bootstrap = new Bootstrap()
        .group(context.nettyEventLoop())
        .channelFactory(() -> internal.transport().datagramChannel())
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
        .handler(codec.build());
    Promise<Integer> bound = context.promise();
    bootstrap.bind(host, port).addListener(future -> {
      if (future.isSuccess()) {
        socket = ((ChannelFuture) future).channel();
        int actual = ((InetSocketAddress) socket.localAddress()).getPort();
        log.debug("QUIC link listener bound on {}:{}", host, actual);
        bound.complete(actual);
      } else {
        bound.fail(future.cause());
      }
    });
    return bound.future();
  }

  @Override
  public Future<Void> close() {
    if (socket == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    // connections first, so each peer gets a CONNECTION_CLOSE with a reason instead of waiting for its idle timeout
    socket.eventLoop().execute(() -> {
      for (Channel connection : connections) {
        ((QuicChannel) connection).close(true, 0, Unpooled.copiedBuffer(CLOSING, StandardCharsets.UTF_8));
      }
      socket.close().addListener(g -> closed.complete());
    });
    return closed.future();
  }
}
