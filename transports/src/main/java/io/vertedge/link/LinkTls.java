package io.vertedge.link;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * TLS material of one side of the link: the CA both sides trust, and this side's certificate
 * and key (PEM files). Both sides authenticate: the cloud with its server certificate, the edge
 * with the node certificate it got when it joined. A side without a certificate (null) can
 * only be refused; it exists so that refusal can be tested and explained.
 */
public record LinkTls(Path caCertificate, Path certificate, Path privateKey) {

  /** TLS that trusts the CA but presents no certificate. */
  public static LinkTls withoutCertificate(Path caCertificate) {
    return new LinkTls(caCertificate, null, null);
  }

  public boolean hasCertificate() {
    return certificate != null && privateKey != null;
  }

  /**
   * Vert.x's limit on one WebSocket message: twice the link's, so that a frame just over the
   * link's maximum reaches our decoder and is refused with a precise reason.
   */
  public static int webSocketLimit(int maxFrameSize) {
    return (int) Math.min(Integer.MAX_VALUE, 2L * (maxFrameSize + 4L));
  }

  private static final Logger log = LoggerFactory.getLogger(LinkTls.class);
  private static volatile Boolean openSslLogged;

  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(privateKey.toString());
  }

  public PemTrustOptions trustOptions() {
    return new PemTrustOptions().addCertPath(caCertificate.toString());
  }

  /**
   * Runs, on a worker, the one-time work the JDK does at the first certificate check of a
   * process: reading {@code lib/security/blocked.certs} in a static initialiser, which would
   * otherwise block whichever event loop verifies a certificate first.
   */
  public static void warmUpCertificateChecks() {
    try {
      Class.forName("sun.security.util.UntrustedCertificates", true, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | LinkageError notThisJdk) {
      log.debug("no certificate check warm-up on this JDK: {}", notThisJdk.toString());
    }
  }

  /**
   * BoringSSL through netty-tcnative where its native library loads (about +45 % throughput,
   * FIELD-NOTES), the JDK engine elsewhere. Logged once per process.
   */
  public static SSLEngineOptions engine() {
    boolean openSsl = OpenSSLEngineOptions.isAvailable();
    if (openSslLogged == null) {
      openSslLogged = openSsl;
      log.info("TLS engine: {}", openSsl ? "OpenSSL (BoringSSL via netty-tcnative)" : "JDK (netty-tcnative did not load)");
    }
    return openSsl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }
}
