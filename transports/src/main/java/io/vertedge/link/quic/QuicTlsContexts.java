package io.vertedge.link.quic;

import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.vertedge.link.LinkTls;

import java.util.concurrent.TimeUnit;

/** TLS and transport parameters shared by both ends of a QUIC link. */
final class QuicTlsContexts {

  /** The link's ALPN protocol id; a peer speaking anything else fails the handshake. */
  static final String ALPN = "vertedge/1";

  private QuicTlsContexts() { }

  /**
   * Client certificates are requested, not required, so that an edge without one reaches the
   * hello and is refused with a reason it can log, as on WebSocket.
   */
  static QuicSslContext server(LinkTls tls) {
    LinkTls.warmUpCertificateChecks();
    return QuicSslContextBuilder.forServer(tls.privateKey().toFile(), null, tls.certificate().toFile())
        .trustManager(tls.caCertificate().toFile())
        .clientAuth(ClientAuth.OPTIONAL)
        .applicationProtocols(ALPN)
        .build();
  }

  static QuicSslContext client(LinkTls tls) {
    LinkTls.warmUpCertificateChecks();
    QuicSslContextBuilder builder = QuicSslContextBuilder.forClient()
        .trustManager(tls.caCertificate().toFile())
        .applicationProtocols(ALPN);
    if (tls.hasCertificate()) {
      builder.keyManager(tls.privateKey().toFile(), null, tls.certificate().toFile());
    }
    return builder.build();
  }

  static <B extends QuicCodecBuilder<B>> B apply(B builder, QuicSettings settings) {
    return builder
        .maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .initialMaxData(settings.connectionWindow())
        .initialMaxStreamDataBidirectionalLocal(settings.streamWindow())
        .initialMaxStreamDataBidirectionalRemote(settings.streamWindow())
        .initialMaxStreamsBidirectional(settings.maxStreams())
        .initialMaxStreamsUnidirectional(0);
  }
}
