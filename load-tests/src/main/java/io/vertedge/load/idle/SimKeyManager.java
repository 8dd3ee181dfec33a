package io.vertedge.load.idle;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * One key manager, hence one TLS client context, for every simulated node. A node's connection
 * is dialed to {@code <node>.sim.invalid} (WebSocket: an in-memory hosts file resolves it to the
 * cloud's address; QUIC: the engine is made with that peer host, see {@link SimQuicDialer});
 * during the handshake the engine's peer host names the alias, so each node presents its own
 * certificate. All nodes share one private key. Building a TLS context per node instead
 * (per-connection {@code ClientSSLOptions}) cost about 50 ms of CPU per link here and made the
 * simulator, not the cloud, the bottleneck.
 */
final class SimKeyManager extends X509ExtendedKeyManager {

  static final String HOST_SUFFIX = ".sim.invalid";

  private final String[] names;
  private final X509Certificate[][] chains;
  private final PrivateKey key;
  private final java.util.Map<String, Integer> indexByName = new java.util.HashMap<>();

  SimKeyManager(String[] names, SimCertificates certificates) {
    this.names = names;
    this.key = certificates.key();
    this.chains = new X509Certificate[names.length][];
    for (int i = 0; i < names.length; i++) {
      chains[i] = new X509Certificate[] {certificates.certificate(i)};
      indexByName.put(names[i], i);
    }
  }

  static String peerHost(String nodeName) {
    return nodeName.toLowerCase(Locale.ROOT) + HOST_SUFFIX;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    String host = engine == null ? null : peerHostOf(engine);
    if (host == null || !host.endsWith(HOST_SUFFIX)) {
      return null;
    }
    String alias = host.substring(0, host.length() - HOST_SUFFIX.length());
    return indexByName.containsKey(alias) ? alias : null;
  }

  /**
   * The engine's peer host. Netty's QUIC engine (4.2.9) keeps it only in its session:
   * {@code QuicheQuicSslEngine} calls {@code SSLEngine()}, not {@code SSLEngine(host, port)}, so
   * {@code getPeerHost()} is null there, while {@code getSession().getPeerHost()} answers.
   * BoringSSL's certificate callback ({@code BoringSSLCertificateCallback.chooseClientAlias})
   * does pass the engine to {@link #chooseEngineClientAlias}.
   */
  static String peerHostOf(SSLEngine engine) {
    String host = engine.getPeerHost();
    if (host == null) {
      javax.net.ssl.SSLSession session = engine.getHandshakeSession();
      if (session == null) {
        session = engine.getSession();
      }
      host = session == null ? null : session.getPeerHost();
    }
    return host;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Integer index = indexByName.get(alias);
    return index == null ? null : chains[index].clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return indexByName.containsKey(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return "EC".equals(keyType) ? names.clone() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
