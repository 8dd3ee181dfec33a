package io.vertedge.pki;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The edge's identity under {@code <edge data>/pki/}: the cloud's CA ({@code ca.crt}), the node
 * key ({@code node.key}, PKCS#8 PEM, 0600) and certificate ({@code node.crt}, CN
 * {@code system:node:<name>}, O {@code system:nodes}). All methods block: call them on a worker.
 */
public final class NodeIdentity {

  /** A fresh key and the DER PKCS#10 request for it. */
  public record KeyAndCsr(PrivateKey key, byte[] csrDer) { }

  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

  private final Path dir;
  private final String nodeName;

  public NodeIdentity(Path edgeDataDir, String nodeName) {
    this.dir = edgeDataDir.resolve("pki");
    this.nodeName = nodeName;
  }

  public String nodeName() { return nodeName; }
  public Path caCert() { return dir.resolve("ca.crt"); }
  public Path nodeCert() { return dir.resolve("node.crt"); }
  public Path nodeKey() { return dir.resolve("node.key"); }

  /** Generates an ECDSA P-256 key and its CSR (subject O {@code system:nodes}, CN {@code system:node:<name>}). */
  public KeyAndCsr newKeyAndCsr() {
    KeyPair keys = X509Issuer.newKeyPair();
    var subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, NodeNames.ORGANIZATION)
        .addRDN(BCStyle.CN, NodeNames.commonName(nodeName))
        .build();
    try {
      byte[] csr = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
          .build(new JcaContentSignerBuilder(X509Issuer.SIGNATURE).build(keys.getPrivate()))
          .getEncoded();
      return new KeyAndCsr(keys.getPrivate(), csr);
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build the certificate signing request", e);
    }
  }

  /**
   * Stores what a join or renewal returned. Key first, then certificate, each replaced atomically:
   * a crash between the two leaves a pair that {@link #loadValid} rejects as not matching.
   *
   * @param caDer the CA certificate DER, or null to keep the stored one (renewal)
   */
  public X509Certificate store(byte[] caDer, PrivateKey key, byte[] certDer) {
    X509Certificate cert = Pem.parseCertificate(certDer);
    if (caDer != null) {
      Pem.writeAtomically(caCert(), Pem.certificate(Pem.parseCertificate(caDer)), false);
    }
    Pem.writeAtomically(nodeKey(), Pem.privateKey(key), true);
    Pem.writeAtomically(nodeCert(), Pem.certificate(cert), false);
    return cert;
  }

  /**
   * The stored certificate when it can be used at {@code now}: all three files present, issued to
   * this node name, within its validity, matching the stored key. Otherwise empty (join again).
   */
  public Optional<X509Certificate> loadValid(Instant now) {
    if (!Files.exists(caCert()) || !Files.exists(nodeCert()) || !Files.exists(nodeKey())) {
      return Optional.empty();
    }
    try {
      X509Certificate cert = Pem.readCertificate(nodeCert());
      if (!NodeNames.nodeNameOf(cert).filter(nodeName::equals).isPresent()) {
        LOG.info("[node: {}] the stored certificate is for {}; joining again", nodeName, cert.getSubjectX500Principal());
        return Optional.empty();
      }
      cert.checkValidity(Date.from(now));
      if (!matches(Pem.readPrivateKey(nodeKey()), cert)) {
        LOG.warn("[node: {}] node.key does not match node.crt; joining again", nodeName);
        return Optional.empty();
      }
      return Optional.of(cert);
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.info("[node: {}] the stored certificate is not usable ({}); joining again", nodeName, e.getMessage());
      return Optional.empty();
    }
  }

  public X509Certificate loadCertificate() {
    return Pem.readCertificate(nodeCert());
  }

  public byte[] loadCaDer() {
    try {
      return Pem.readCertificate(caCert()).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Instant notBefore(X509Certificate cert) { return cert.getNotBefore().toInstant(); }
  public static Instant notAfter(X509Certificate cert) { return cert.getNotAfter().toInstant(); }

  private static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
    byte[] probe = "vertedge key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(X509Issuer.SIGNATURE);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(X509Issuer.SIGNATURE);
    verifier.initVerify(cert.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signature);
  }

}
