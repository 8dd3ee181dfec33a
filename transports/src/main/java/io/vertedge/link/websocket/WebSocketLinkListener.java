package io.vertedge.link.websocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.vertedge.link.Connection;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The cloud's WebSocket listener ({@code wss://host:10000/v1/link}) built on Netty directly, on
 * Vert.x's own event loops. Compared with a Vert.x {@code HttpServer} it keeps no HTTP connection
 * and no outbound message queues per link after the upgrade (about 12 KB of heap per idle link,
 * BENCHMARKS.md), and it sees TLS failures together with the peer's address. Client
 * certificates are requested, not required, so that an edge without one is refused with a reason.
 */
public final class WebSocketLinkListener implements LinkListener {

  public static final String PATH = "/v1/link";
  private static final Logger log = LoggerFactory.getLogger(WebSocketLinkListener.class);

  private final Vertx vertx;
  private final LinkTls tls;
  private final int maxFrameSize;
  private final LinkMetrics metrics;
  private final ChannelGroup channels = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
  private Handler<Connection> connectionHandler = connection -> connection.close("no handler");
  private Channel serverChannel;

  public WebSocketLinkListener(Vertx vertx, LinkTls tls, int maxFrameSize, LinkMetrics metrics) {
    this.vertx = vertx;
    this.tls = tls;
    this.maxFrameSize = maxFrameSize;
    this.metrics = metrics;
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public void connectionHandler(Handler<Connection> handler) {
    this.connectionHandler = handler;
  }

  @Override
  public Future<Integer> listen(String host, int port) {
    // reading the PEM files and building the TLS context block: a worker does it
    return vertx.executeBlocking(this::sslContext).compose(ssl -> bind(ssl, host, port));
  }

  private SslContext sslContext() throws Exception {
    boolean openSsl = OpenSsl.isAvailable();
    LinkTls.engine();
    LinkTls.warmUpCertificateChecks();
    return SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
        .trustManager(tls.caCertificate().toFile())
        .clientAuth(ClientAuth.OPTIONAL)
        .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
        .build();
  }

  private Future<Integer> bind(SslContext ssl, String host, int port) {
    VertxInternal internal = (VertxInternal) vertx;
    LoopContexts contexts = new LoopContexts(vertx);
    int limit = LinkTls.webSocketLimit(maxFrameSize);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(internal.acceptorEventLoopGroup(), internal.nettyEventLoopGroup())
        .channelFactory(internal.transport().serverChannelFactory(false))
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channels.add(channel);
            channel.pipeline()
                .addLast("tls", ssl.newHandler(channel.alloc()))
                .addLast("http", new HttpServerCodec())
                .addLast("upgrade", new HttpObjectAggregator(8192))
                .addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(PATH)
                    .maxFramePayloadLength(limit)
                    .handleCloseFrames(false)
                    .handshakeTimeoutMillis(10_000)
                    .build()))
                .addLast("messages", new WebSocketFrameAggregator(limit))
                .addLast("link", new LinkChannelHandler(contexts.of(channel.eventLoop()), maxFrameSize, metrics,
                    connectionHandler));
          }
        });
    Promise<Integer> bound = Promise.promise();
    bootstrap.bind(host, port).addListener(future -> {
      if (future.isSuccess()) {
        serverChannel = ((io.netty.channel.ChannelFuture) future).channel();
        int actual = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.debug("link listener bound on {}:{}", host, actual);
        bound.complete(actual);
      } else {
        bound.fail(future.cause());
      }
    });
    return bound.future();
  }

  @Override
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    if (serverChannel == null) {
      return Future.succeededFuture();
    }
    serverChannel.close().addListener(f -> channels.close().addListener(g -> closed.complete()));
    return closed.future();
  }
}
