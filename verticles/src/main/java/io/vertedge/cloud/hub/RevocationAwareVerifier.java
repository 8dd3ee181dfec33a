package io.vertedge.cloud.hub;

import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.link.Connection;
import io.vertedge.link.HelloVerifier;
import io.vertedge.link.LinkRefusedException;
import io.vertedge.link.NodeCertificates;
import io.vertedge.link.proto.Hello;
import io.vertx.core.Future;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

/**
 * The cloud's hello check: a node certificate naming the hello's node (transports' rule), not
 * expired, and not revoked by deleting the node.
 */
final class RevocationAwareVerifier implements HelloVerifier {

  private final NodeRegistry registry;

  RevocationAwareVerifier(NodeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<Void> verify(Hello hello, Connection connection) {
    return NodeCertificates.verifyHello(hello, connection).compose(ok -> {
      X509Certificate leaf = connection.peerCertificates().get(0);
      try {
        leaf.checkValidity();
      } catch (CertificateExpiredException | CertificateNotYetValidException e) {
        return Future.failedFuture(new LinkRefusedException("certificate of node " + hello.getNodeName()
            + " is not valid now (valid " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")"));
      }
      if (registry.isRevoked(leaf.getSerialNumber())) {
        return Future.failedFuture(new LinkRefusedException("certificate of node " + hello.getNodeName()
            + " was revoked (serial " + leaf.getSerialNumber().toString(16) + "); the node was deleted and must join again"));
      }
      return Future.succeededFuture();
    });
  }
}
