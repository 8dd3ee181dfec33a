package io.vertedge.edge.join;

import io.vertedge.pki.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Renews the node certificate at a random point in 70-90 % of its lifetime (as KubeEdge, so a
 * fleet joined together does not renew together), using the current certificate as the TLS client
 * certificate and no token. A new key comes with every renewal.
 */
final class CertificateRenewal {

  /** How a renewal is retried while the cloud is unreachable (the join client's backoff). */
  interface Retrier {
    <T> Future<T> retrying(String what, Supplier<Future<T>> attempt);
  }

  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);

  private final Vertx vertx;
  private final NodeIdentity identity;
  private final CloudCalls cloud;
  private final Retrier retrier;
  private volatile long timer = -1;
  private volatile boolean stopped;

  CertificateRenewal(Vertx vertx, NodeIdentity identity, CloudCalls cloud, Retrier retrier) {
    this.vertx = vertx;
    this.identity = identity;
    this.cloud = cloud;
    this.retrier = retrier;
  }

  void start(Handler<X509Certificate> renewed) {
    vertx.executeBlocking(identity::loadCertificate)
        .onSuccess(cert -> schedule(cert, renewed))
        .onFailure(failure -> LOG.error("[node: {}] cannot schedule certificate renewal: {}", identity.nodeName(),
            failure.toString()));
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  Future<X509Certificate> renewOnce() {
    return vertx.executeBlocking(() -> mutualTls(identity))
        .compose(tls -> vertx.executeBlocking(identity::newKeyAndCsr)
            .compose(pending -> cloud.requestCertificate(tls, identity.nodeName(), null, pending.csrDer())
                .compose(der -> vertx.executeBlocking(() -> identity.store(null, pending.key(), der)))));
  }

  /** When to renew: {@code fraction} (0.7-0.9) of the lifetime after notBefore, from {@code now}. */
  static Duration delay(X509Certificate cert, Instant now, double fraction) {
    Instant notBefore = NodeIdentity.notBefore(cert);
    Duration lifetime = Duration.between(notBefore, NodeIdentity.notAfter(cert));
    Instant at = notBefore.plusMillis((long) (lifetime.toMillis() * fraction));
    return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
  }

  /** The PEM material for mutual TLS with the stored node certificate (reads files: a worker). */
  static CloudCalls.Tls mutualTls(NodeIdentity identity) {
    try {
      return new CloudCalls.Tls(Files.readString(identity.caCert(), StandardCharsets.US_ASCII),
          Files.readString(identity.nodeCert(), StandardCharsets.US_ASCII),
          Files.readString(identity.nodeKey(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node certificate: " + e.getMessage(), e);
    }
  }

  private void schedule(X509Certificate cert, Handler<X509Certificate> renewed) {
    if (stopped) {
      return;
    }
    Duration wait = delay(cert, Instant.now(), 0.7 + 0.2 * ThreadLocalRandom.current().nextDouble());
    LOG.info("[node: {}] certificate renewal in {}", identity.nodeName(), wait);
    timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> retrier.retrying("certificate renewal", this::renewOnce)
        .onSuccess(next -> {
          LOG.info("[node: {}, serial: {}] certificate renewed, valid until {}", identity.nodeName(),
              next.getSerialNumber().toString(16), next.getNotAfter().toInstant());
          renewed.handle(next);
          schedule(next, renewed);
        })
        .onFailure(failure -> LOG.error("[node: {}] certificate renewal refused: {}; the node must join again",
            identity.nodeName(), failure.getMessage())));
  }
}
