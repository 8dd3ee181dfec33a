package io.vertedge.link;

import io.vertedge.link.proto.Hello;
import io.vertx.core.Future;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Node identity in certificates, as KubeEdge names it: CN {@code system:node:<name>}, O
 * {@code system:nodes}. The base {@link HelloVerifier}: a client certificate must be present
 * and name the node the hello claims to be.
 */
public final class NodeCertificates {

  public static final String CN_PREFIX = "system:node:";

  private NodeCertificates() {
  }

  /** The node name in a certificate's CN, if it is a node certificate. */
  public static Optional<String> nodeNameOf(X509Certificate certificate) {
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
      for (Rdn rdn : name.getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          String cn = String.valueOf(rdn.getValue());
          return cn.startsWith(CN_PREFIX) ? Optional.of(cn.substring(CN_PREFIX.length())) : Optional.empty();
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  /** Refuses a hello without a client certificate, or whose certificate names another node. */
  public static Future<Void> verifyHello(Hello hello, Connection connection) {
    if (connection.peerCertificates().isEmpty()) {
      return Future.failedFuture(new LinkRefusedException("no client certificate: join first to get a node certificate"));
    }
    X509Certificate leaf = connection.peerCertificates().get(0);
    Optional<String> certified = nodeNameOf(leaf);
    if (certified.isEmpty()) {
      return Future.failedFuture(new LinkRefusedException("client certificate is not a node certificate (CN "
          + leaf.getSubjectX500Principal().getName() + ")"));
    }
    if (!certified.get().equals(hello.getNodeName())) {
      return Future.failedFuture(new LinkRefusedException("hello names node " + hello.getNodeName()
          + " but the certificate is for node " + certified.get()));
    }
    return Future.succeededFuture();
  }
}
