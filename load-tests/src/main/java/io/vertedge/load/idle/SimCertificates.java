package io.vertedge.load.idle;

import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.NodeNames;
import io.vertedge.pki.Pem;
import io.vertx.core.buffer.Buffer;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * Node certificates for the simulator, minted in memory straight from the cloud's CA key (a
 * load-test shortcut, not a product path). Every simulated node shares one ECDSA P-256 key
 * pair; each gets its own certificate (CN {@code system:node:<name>}, O {@code system:nodes})
 * through the same {@link CertificateAuthority#signNodeCsr} the join server uses. Nothing is
 * written to disk: {@link SimKeyManager} hands the certificates to TLS from memory.
 */
final class SimCertificates {

  private final PrivateKey key;
  private final X509Certificate ca;
  private final Buffer caPem;
  private final X509Certificate[] certs;

  private SimCertificates(PrivateKey key, X509Certificate ca, X509Certificate[] certs) {
    this.key = key;
    this.ca = ca;
    this.caPem = Buffer.buffer(Pem.certificate(ca));
    this.certs = certs;
  }

  /** Blocking; parallel over the common pool. */
  static SimCertificates mint(Path cloudDataDir, String[] nodeNames, Duration validity) throws Exception {
    CertificateAuthority ca = CertificateAuthority.load(cloudDataDir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X509Certificate[] certs = new X509Certificate[nodeNames.length];
    IntStream.range(0, nodeNames.length).parallel().forEach(i -> {
      String name = nodeNames[i];
      try {
        var subject = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, NodeNames.ORGANIZATION)
            .addRDN(BCStyle.CN, NodeNames.commonName(name))
            .build();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer).getEncoded();
        certs[i] = ca.signNodeCsr(csr, name, validity);
      } catch (Exception e) {
        throw new IllegalStateException("cannot mint a certificate for " + name + ": " + e.getMessage(), e);
      }
    });
    return new SimCertificates(keys.getPrivate(), ca.certificate(), certs);
  }

  PrivateKey key() { return key; }
  Buffer caPem() { return caPem; }
  X509Certificate caCertificate() { return ca; }
  X509Certificate certificate(int index) { return certs[index]; }
}
