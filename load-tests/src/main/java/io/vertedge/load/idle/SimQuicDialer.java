package io.vertedge.load.idle;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's QUIC dialer: the product's {@link QuicLinkProvider} (so {@code QuicConnection},
 * {@code ClientHandshake} and {@code LinkSession}, exactly what {@code vertedge edge --transport
 * quic} runs), built through its load-test seam so that ONE client {@link QuicSslContext} serves
 * every simulated node: each connection's engine is made with the node's peer host
 * ({@code <node>.sim.invalid}, {@code newEngine(alloc, host, port)}), and {@link SimKeyManager}
 * presents that node's certificate when BoringSSL asks for the client certificate.
 *
 * <p>One provider is one UDP socket on one event loop; the simulator keeps {@code sockets}
 * providers and uses provider {@code loop % sockets} from event loop {@code loop}, so the
 * simulator's side of the links spreads over its loops (the cloud has one socket on one loop).
 */
final class SimQuicDialer implements SimDialer {

  /** ALPN of the link (QuicTlsContexts.ALPN, package-private in transports). */
  private static final String ALPN = "vertedge/1";

  private final LinkEndpoints endpoints;
  private final QuicLinkProvider[] providers;

  SimQuicDialer(Vertx vertx, String quicEndpoint, SimCertificates certificates, SimKeyManager keys,
                LinkSettings settings, QuicSettings quic, int sockets) {
    this.endpoints = new LinkEndpoints("wss://127.0.0.1:1/v1/link", quicEndpoint);
    LinkTls.warmUpCertificateChecks();
    QuicSslContext ssl = QuicSslContextBuilder.forClient()
        .trustManager(certificates.caCertificate())
        .keyManager(keys, null)
        .applicationProtocols(ALPN)
        .build();
    int port = Integer.parseInt(quicEndpoint.substring(quicEndpoint.lastIndexOf(':') + 1));
    this.providers = new QuicLinkProvider[sockets];
    for (int i = 0; i < sockets; i++) {
      providers[i] = new QuicLinkProvider(vertx,
          (channel, node) -> ssl.newEngine(channel.alloc(), SimKeyManager.peerHost(node), port),
          settings, quic, LinkMetrics.noop());
    }
  }

  /** Must be called on event loop {@code loop}'s context: the provider binds its socket there on first use. */
  @Override
  public Future<Link> connect(String nodeName, int loop) {
    return providers[loop % providers.length].connect(endpoints, nodeName);
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (QuicLinkProvider provider : providers) {
      closing.add(provider.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
