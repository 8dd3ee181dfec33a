package io.vertedge.edge.join;

import io.vertedge.link.Backoff;
import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.JoinToken;
import io.vertedge.pki.NodeIdentity;
import io.vertedge.pki.Pem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The edge side of the join (API.md section 4): joins once with a token, pinning the cloud's CA to
 * the token's hash; afterwards authenticates with the node certificate, asks where the link
 * listens ({@code /v1/endpoints}, cached for when the cloud is down) and renews the certificate at
 * 70-90 % of its lifetime. An unreachable cloud is retried with backoff; a refusal is final
 * ({@link JoinRefusedException}).
 */
public final class JoinClient {

  /** {@code token} may be null once the node holds a certificate. */
  public record Options(String cloudHost, int cloudPort, String nodeName, String token, Path dataDir) {

    /** From {@code --cloud HOST[:PORT]} (default port 10002). */
    public static Options of(String cloud, String nodeName, String token, Path dataDir) {
      HostAndPort address = HostAndPort.parseAuthority(cloud, 10002);
      if (address == null) {
        throw new IllegalArgumentException("--cloud: \"" + cloud + "\" is not HOST[:PORT]");
      }
      String host = address.host().startsWith("[") ? address.host().substring(1, address.host().length() - 1)
          : address.host();
      return new Options(host, address.port() < 0 ? 10002 : address.port(), nodeName, token, dataDir);
    }
  }

  public static final String ENDPOINTS_CACHE = "endpoints-cache.json";

  private static final Logger LOG = LoggerFactory.getLogger(JoinClient.class);

  private final Vertx vertx;
  private final Options options;
  private final NodeIdentity identity;
  private final CloudCalls cloud;
  private final CertificateRenewal renewal;
  private volatile boolean closed;

  public JoinClient(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.options = options;
    this.identity = new NodeIdentity(options.dataDir(), options.nodeName());
    this.cloud = new CloudCalls(vertx, options.cloudHost(), options.cloudPort());
    this.renewal = new CertificateRenewal(vertx, identity, cloud, this::retrying);
  }

  /** Where the CA, key and certificate live: what the link's mutual TLS reads. */
  public NodeIdentity identity() {
    return identity;
  }

  /**
   * The node certificate: the stored one when it is valid for this name (the token is then
   * ignored), else a first join with the token, retried while the cloud is unreachable.
   */
  public Future<X509Certificate> ensureJoined() {
    return vertx.executeBlocking(() -> identity.loadValid(Instant.now()))
        .compose(stored -> stored.map(Future::succeededFuture).orElseGet(this::join));
  }

  /** {@code GET /v1/endpoints} with the node certificate; the cached answer if the cloud is unreachable. */
  public Future<JsonObject> fetchEndpoints() {
    Path cache = options.dataDir().resolve(ENDPOINTS_CACHE);
    return vertx.executeBlocking(() -> CertificateRenewal.mutualTls(identity))
        .compose(cloud::fetchEndpoints)
        .compose(endpoints -> vertx.executeBlocking(() -> {
          Pem.writeAtomically(cache, endpoints.encodePrettily(), false);
          return endpoints;
        }))
        .recover(failure -> failure instanceof JoinRefusedException ? Future.failedFuture(failure)
            : vertx.executeBlocking(() -> readCache(cache)).compose(cached -> cached == null
                ? Future.failedFuture(failure) : Future.succeededFuture(cached)));
  }

  /**
   * Renews the certificate at a random point in 70-90 % of its lifetime, again and again, with
   * the current certificate as TLS client certificate; {@code renewed} gets each new one so the
   * link can reconnect with it.
   */
  public void startRenewal(Handler<X509Certificate> renewed) {
    renewal.start(renewed);
  }

  /** Renews now (what the schedule does); files are replaced before the future completes. */
  public Future<X509Certificate> renewNow() {
    return renewal.renewOnce();
  }

  /** Stops renewals and retries and closes the HTTP clients. Idempotent. */
  public Future<Void> close() {
    closed = true;
    renewal.stop();
    cloud.close();
    return Future.succeededFuture();
  }

  private Future<X509Certificate> join() {
    if (options.token() == null || options.token().isBlank()) {
      return Future.failedFuture(new JoinRefusedException(0, "node " + options.nodeName()
          + " has no certificate in " + identity.nodeCert().getParent() + "; give a join token (--token)"));
    }
    JoinToken.Parts token;
    try {
      token = JoinToken.split(options.token());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new JoinRefusedException(0, e.getMessage()));
    }
    return retrying("join", () -> joinOnce(token))
        .onSuccess(cert -> LOG.info("[node: {}] joined the cloud, certificate valid until {}", options.nodeName(),
            cert.getNotAfter().toInstant()));
  }

  private Future<X509Certificate> joinOnce(JoinToken.Parts token) {
    return cloud.fetchCaDer().compose(caDer -> {
      String actual = CertificateAuthority.sha256Hex(caDer);
      if (!actual.equals(token.caHash())) {
        return Future.failedFuture(new JoinRefusedException(0, "the cloud's CA does not match the token (expected sha256 "
            + token.caHash() + ", got " + actual + ")"));
      }
      CloudCalls.Tls tls = new CloudCalls.Tls(CloudCalls.pem(caDer), null, null);
      return vertx.executeBlocking(identity::newKeyAndCsr)
          .compose(pending -> cloud.requestCertificate(tls, options.nodeName(), token.jwt(), pending.csrDer())
              .compose(certDer -> vertx.executeBlocking(() -> identity.store(caDer, pending.key(), certDer))));
    });
  }

  /** Runs {@code attempt} until it succeeds or is refused, waiting with {@link Backoff} in between. */
  <T> Future<T> retrying(String what, Supplier<Future<T>> attempt) {
    Promise<T> result = Promise.promise();
    tryOnce(what, attempt, Backoff.forReconnect(), result);
    return result.future();
  }

  private <T> void tryOnce(String what, Supplier<Future<T>> attempt, Backoff backoff, Promise<T> result) {
    attempt.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else if (ar.cause() instanceof JoinRefusedException || closed) {
        result.fail(ar.cause());
      } else {
        long delay = backoff.nextDelayMillis();
        LOG.warn("[node: {}, cloud: {}:{}] {} failed ({}); retrying in {} ms", options.nodeName(),
            options.cloudHost(), options.cloudPort(), what, ar.cause().toString(), delay);
        vertx.setTimer(delay, id -> tryOnce(what, attempt, backoff, result));
      }
    });
  }

  private JsonObject readCache(Path cache) throws java.io.IOException {
    if (!Files.exists(cache)) {
      return null;
    }
    LOG.warn("[node: {}] cloud unreachable; using the cached link endpoints", options.nodeName());
    return new JsonObject(Files.readString(cache, StandardCharsets.UTF_8));
  }
}
