package io.vertedge.link.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.vertedge.link.ClientHandshake;
import io.vertedge.link.Connection;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The edge's QUIC dialer: one UDP socket, bound on the event loop of the context that first
 * dials (the edge hub's), carries every QUIC connection to the cloud; mutual TLS with the node
 * certificate against the pinned CA, ALPN {@code vertedge/1}, then the hello. A renewed
 * certificate is used from the next connection on.
 */
public final class QuicLinkProvider implements LinkProvider {

  /** The node a connection is dialed for, set on its QUIC channel before the TLS engine is made. */
  private static final AttributeKey<String> NODE = AttributeKey.valueOf("vertedge.link.quic.dialedNode");

  private final Vertx vertx;
  private final LinkSettings settings;
  private final QuicSettings quic;
  private final LinkMetrics metrics;
  private final ClientHandshake handshake;
  private volatile LinkTls tls;
  private volatile QuicSslContext ssl;
  private final BiFunction<QuicChannel, String, QuicSslEngine> engines;
  private ContextInternal context;
  private Future<Channel> socket;

  public QuicLinkProvider(Vertx vertx, LinkTls tls, LinkSettings settings, QuicSettings quic, LinkMetrics metrics) {
    this(vertx, tls, null, settings, quic, metrics);
  }

  /**
   * A seam for load tests that dial many simulated nodes through one provider (one UDP socket):
   * {@code engines} makes the client TLS engine of every connection, given its QUIC channel and
   * the node name passed to {@link #connect} (null for {@link #dial}), e.g. from one
   * {@code QuicSslContext} whose key manager picks the node's certificate by the engine's peer
   * host ({@code newEngine(alloc, host, port)}; on a QUIC engine that host is in
   * {@code getSession().getPeerHost()}, {@code SSLEngine.getPeerHost()} is null). No
   * {@link LinkTls} is read and {@link #updateTls} does nothing. The product uses the other
   * constructor.
   */
  public QuicLinkProvider(Vertx vertx, BiFunction<QuicChannel, String, QuicSslEngine> engines, LinkSettings settings,
                          QuicSettings quic, LinkMetrics metrics) {
    this(vertx, null, Objects.requireNonNull(engines, "engines"), settings, quic, metrics);
  }

  private QuicLinkProvider(Vertx vertx, LinkTls tls, BiFunction<QuicChannel, String, QuicSslEngine> engines,
                           LinkSettings settings, QuicSettings quic, LinkMetrics metrics) {
    this.vertx = vertx;
    this.tls = tls;
    this.engines = engines;
    this.settings = settings;
    this.quic = quic;
    this.metrics = metrics;
    this.handshake = new ClientHandshake(vertx, settings, metrics);
  }

  @Override
  public String transport() {
    return "quic";
  }

  @Override
  public Future<Link> connect(LinkEndpoints endpoints, String nodeName) {
    return dial(endpoints, quic.handshakeTimeout(), nodeName).compose(connection -> hello(connection, nodeName));
  }

  /**
   * QUIC and TLS only, no hello yet: {@code auto} uses it to learn whether QUIC gets through
   * before it gives up a working WebSocket link. Fails after {@code timeout} without a handshake.
   */
  public Future<Connection> dial(LinkEndpoints endpoints, Duration timeout) {
    return dial(endpoints, timeout, null);
  }

  private Future<Connection> dial(LinkEndpoints endpoints, Duration timeout, String nodeName) {
    InetSocketAddress unresolved;
    try {
      unresolved = parse(endpoints.quic());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    return socket(caller).compose(udp -> sslContext()
        .compose(ignored -> resolve(unresolved))
        .compose(target -> handshake(udp, target, timeout, nodeName))
        .compose(QuicConnection::openStreams)
        .map(connection -> (Connection) connection));
  }

  /** The hello over a connection from {@link #dial}. */
  public Future<Link> hello(Connection connection, String nodeName) {
    return handshake.perform(connection, nodeName);
  }

  @Override
  public void updateTls(LinkTls renewed) {
    if (engines != null) {
      return;
    }
    this.tls = renewed;
    this.ssl = null;
  }

  @Override
  public Future<Void> close() {
    if (socket == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    socket.onComplete(ar -> {
      if (ar.succeeded()) {
        ar.result().close().addListener(f -> closed.complete());
      } else {
        closed.complete();
      }
    });
    return closed.future();
  }

  /** {@code host:port} or {@code [v6]:port}. */
  static InetSocketAddress parse(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("the cloud offers no QUIC endpoint");
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException("QUIC endpoint '" + endpoint + "' is not host:port");
    }
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return InetSocketAddress.createUnresolved(host, Integer.parseInt(endpoint.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("QUIC endpoint '" + endpoint + "' is not host:port");
    }
  }

  private Future<Channel> socket(ContextInternal caller) {
    if (socket == null) {
      context = caller.isEventLoopContext() ? caller : ((VertxInternal) vertx).createEventLoopContext();
      QuicClientCodecBuilder codec = QuicTlsContexts.apply(new QuicClientCodecBuilder(), quic)
          .sslEngineProvider(channel -> engines != null ? engines.apply(channel, channel.attr(NODE).get())
              : ssl.newEngine(channel.alloc()));
      Bootstrap bootstrap = new Bootstrap()
          .group(context.nettyEventLoop())
          .channelFactory(() -> ((VertxInternal) vertx).transport().datagramChannel())
          .option(ChannelOption.SO_RCVBUF, 4 << 20)
          .option(ChannelOption.SO_SNDBUF, 4 << 20)
          .handler(codec.build());
      Promise<Channel> bound = context.promise();
      bootstrap.bind(new InetSocketAddress(0)).addListener(f -> {
        if (f.isSuccess()) {
          bound.complete(((ChannelFuture) f).channel());
        } else {
          bound.fail(f.cause());
        }
      });
      socket = bound.future();
    }
    return socket;
  }

  private Future<QuicSslContext> sslContext() {
    if (engines != null) {
      return context.succeededFuture();
    }
    QuicSslContext current = ssl;
    if (current != null) {
      return context.succeededFuture(current);
    }
    LinkTls material = tls;
    // reading PEM files blocks: a worker does it, once per certificate
    return context.executeBlocking(() -> QuicTlsContexts.client(material)).onSuccess(built -> ssl = built);
  }

  private Future<InetSocketAddress> resolve(InetSocketAddress unresolved) {
    String host = unresolved.getHostString();
    int port = unresolved.getPort();
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal != null) {
      try {
        return context.succeededFuture(new InetSocketAddress(InetAddress.getByAddress(host, literal), port));
      } catch (java.net.UnknownHostException impossible) {
        return context.failedFuture(impossible);
      }
    }
    return ((VertxInternal) vertx).nameResolver().resolve(host).map(address -> new InetSocketAddress(address, port));
  }

  private Future<QuicConnection> handshake(Channel udp, InetSocketAddress target, Duration timeout, String nodeName) {
    Promise<QuicConnection> done = context.promise();
    QuicConnection[] connection = new QuicConnection[1];
    long timer = context.setTimer(timeout.toMillis(), id -> {
      if (done.tryFail(new TimeoutException("no QUIC handshake with " + target.getHostString() + ":" + target.getPort()
          + " within " + timeout.toMillis() + " ms (is UDP blocked?)")) && connection[0] != null) {
        connection[0].quicChannel().close();
      }
    });
    QuicChannel.newBootstrap(udp)
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel channel) {
            connection[0] = new QuicConnection(channel, context, settings.maxFrameSize(), metrics);
            channel.pipeline().addLast(new QuicConnectionHandler(connection[0], metrics, null));
          }
        })
        .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .attr(NODE, nodeName)
        .remoteAddress(target)
        .connect()
        .addListener(f -> context.emit(v -> {
          context.owner().cancelTimer(timer);
          if (f.isSuccess()) {
            if (!done.tryComplete(connection[0])) {
              connection[0].quicChannel().close();
            }
          } else {
            done.tryFail(f.cause());
          }
        }));
    return done.future();
  }
}
