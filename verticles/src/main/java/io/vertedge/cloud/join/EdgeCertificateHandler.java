package io.vertedge.cloud.join;

import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertedge.cloud.nodes.JoinedNode;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.NodeNames;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET|POST /edge.crt}: signs a node's CSR on its first join (join token) or on renewal
 * (its current certificate), records the new certificate, and answers with its DER.
 */
final class EdgeCertificateHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeCertificateHandler.class);

  private final Vertx vertx;
  private final CertificateAuthority ca;
  private final NodeRegistry nodes;
  private final Duration validity;
  /** Names being issued right now: two concurrent token joins of one name must not both win. */
  private final Set<String> issuing = ConcurrentHashMap.newKeySet();

  EdgeCertificateHandler(Vertx vertx, CertificateAuthority ca, NodeRegistry nodes, Duration validity) {
    this.vertx = vertx;
    this.ca = ca;
    this.nodes = nodes;
    this.validity = validity;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = ctx.request().getHeader("NodeName");
    JoinCaller caller;
    try {
      caller = JoinCaller.authenticate(ctx.request(), ca, nodes);
      checkName(name);
      authorize(caller, name);
    } catch (ApiException e) {
      JsonReplies.status(ctx, e);
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      JsonReplies.status(ctx, ApiException.badRequest("the body must be the DER PKCS#10 certificate signing request"));
      return;
    }
    if (!issuing.add(name)) {
      JsonReplies.status(ctx, ApiException.conflict("a certificate for node " + name + " is being issued right now"));
      return;
    }
    boolean renewal = caller instanceof JoinCaller.Node;
    vertx.executeBlocking(() -> ca.signNodeCsr(body.getBytes(), name, validity))
        .compose(cert -> record(name, cert))
        .onComplete(ar -> issuing.remove(name))
        .onSuccess(cert -> {
          LOG.info("[node: {}, serial: {}] {} certificate issued, valid until {}", name,
              cert.getSerialNumber().toString(16), renewal ? "renewed" : "joined,", cert.getNotAfter().toInstant());
          ctx.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(der(cert)));
        })
        .onFailure(ctx::fail);
  }

  private static void checkName(String name) {
    if (name == null) {
      throw ApiException.badRequest("missing NodeName header");
    }
    String invalid = NodeNames.invalidReason(name);
    if (invalid != null) {
      throw ApiException.badRequest("NodeName header: " + invalid);
    }
  }

  private void authorize(JoinCaller caller, String name) {
    if (caller instanceof JoinCaller.Node node) {
      if (!node.name().equals(name)) {
        throw ApiException.forbidden("the client certificate is for node " + node.name() + ", not " + name);
      }
      return;
    }
    // A token alone must not take over a name whose certificate is still good.
    nodes.find(name)
        .filter(joined -> joined.notAfter().isAfter(Instant.now()))
        .filter(joined -> !nodes.isRevoked(new BigInteger(joined.serialHex(), 16)))
        .ifPresent(joined -> {
          throw ApiException.alreadyExists("node " + name + " has already joined; delete it first");
        });
  }

  private Future<X509Certificate> record(String name, X509Certificate cert) {
    JoinedNode node = new JoinedNode(name, cert.getSerialNumber().toString(16), cert.getNotAfter().toInstant(),
        Instant.now());
    return nodes.recordIssued(node).map(cert);
  }

  private static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
