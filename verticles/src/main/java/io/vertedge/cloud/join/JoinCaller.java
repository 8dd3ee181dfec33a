package io.vertedge.cloud.join;

import io.vertedge.api.ApiException;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.JoinToken;
import io.vertedge.pki.NodeNames;
import io.vertx.core.http.HttpServerRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Who is calling the join port: a holder of a valid join token, or a joined node presenting its
 * current certificate. Tried in that order of strength: a usable node certificate wins; when it
 * is not usable, a token still lets the caller in; with neither, the certificate's problem (or the
 * missing credentials) is the 401 message.
 */
sealed interface JoinCaller {

  /** Holder of a valid join token. */
  record TokenHolder(Instant tokenExpiry) implements JoinCaller { }

  /** A joined, non-revoked node authenticated by its client certificate. */
  record Node(String name, X509Certificate certificate) implements JoinCaller { }

  String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  static JoinCaller authenticate(HttpServerRequest request, CertificateAuthority ca, NodeRegistry nodes) {
    X509Certificate cert = peerCertificate(request);
    String authorization = request.getHeader("Authorization");
    ApiException certProblem = null;
    if (cert != null) {
      try {
        return node(cert, ca, nodes);
      } catch (ApiException e) {
        certProblem = e;
      }
    }
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw ApiException.unauthorized("the Authorization header must be \"Bearer <join token>\"");
      }
      return new TokenHolder(JoinToken.verify(ca, authorization.substring(7).trim()));
    }
    if (certProblem != null) {
      throw certProblem;
    }
    throw ApiException.unauthorized("send Authorization: Bearer <join token>, or present this node's certificate");
  }

  private static Node node(X509Certificate cert, CertificateAuthority ca, NodeRegistry nodes) {
    String name = NodeNames.nodeNameOf(cert).orElseThrow(() -> ApiException.unauthorized(
        "the client certificate " + cert.getSubjectX500Principal() + " is not a node certificate"));
    if (!ca.issued(cert, Instant.now()) || !hasClientAuth(cert)) {
      throw ApiException.unauthorized("the client certificate of node " + name
          + " was not issued by this cloud's CA for client authentication, or has expired");
    }
    if (nodes.isRevoked(cert.getSerialNumber())) {
      throw ApiException.unauthorized("the certificate of node " + name + " (serial "
          + cert.getSerialNumber().toString(16) + ") has been revoked; join again with a token");
    }
    if (nodes.find(name).isEmpty()) {
      throw ApiException.unauthorized("node " + name + " is not joined; join again with a token");
    }
    return new Node(name, cert);
  }

  private static boolean hasClientAuth(X509Certificate cert) {
    try {
      List<String> usages = cert.getExtendedKeyUsage();
      return usages != null && usages.contains(CLIENT_AUTH);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static X509Certificate peerCertificate(HttpServerRequest request) {
    SSLSession session = request.sslSession();
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
