package io.vertedge.testsupport;

import io.vertedge.link.LinkTls;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away PKI for link tests: a CA, a server certificate for localhost and node
 * certificates, written as PEM files under a directory. Production PKI lives in verticles.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final Path dir;
  private final String name;
  private final KeyPair caKey;
  private final X509CertificateHolder caCert;

  private TestPki(Path dir, String name) throws Exception {
    this.dir = Files.createDirectories(dir);
    this.name = name;
    this.caKey = newKey();
    X500Name subject = new X500Name("CN=" + name + " test CA,O=Vertedge");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
        Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(365))),
        subject, caKey.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.caCert = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
    write(dir.resolve(name + "-ca.crt"), caCert);
  }

  public static TestPki create(Path dir, String name) {
    try {
      return new TestPki(dir, name);
    } catch (Exception e) {
      throw new IllegalStateException("test CA", e);
    }
  }

  public Path caCertificate() {
    return dir.resolve(name + "-ca.crt");
  }

  /** Server side of the link: certificate for localhost and 127.0.0.1. */
  public LinkTls server() {
    return issue("server", "CN=localhost,O=Vertedge", KeyPurposeId.id_kp_serverAuth, Duration.ofDays(30));
  }

  /** A node certificate as the join would issue it: CN {@code system:node:<name>}. */
  public LinkTls node(String nodeName) {
    return issue("node-" + nodeName, "CN=system:node:" + nodeName + ",O=system:nodes", KeyPurposeId.id_kp_clientAuth,
        Duration.ofDays(30));
  }

  private LinkTls issue(String file, String subject, KeyPurposeId usage, Duration validity) {
    try {
      KeyPair key = newKey();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert.getSubject(), serial(),
          Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(validity)),
          new X500Name(subject), key.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509CertificateHolder cert = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
      Path certPath = dir.resolve(name + "-" + file + ".crt");
      Path keyPath = dir.resolve(name + "-" + file + ".key");
      write(certPath, cert);
      // PKCS#8: Vert.x's PEM reader fails on BouncyCastle's SEC1 'EC PRIVATE KEY' output
      write(keyPath, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key.getPrivate(), null));
      return new LinkTls(caCertificate(), certPath, keyPath);
    } catch (Exception e) {
      throw new IllegalStateException("test certificate " + subject, e);
    }
  }

  private static KeyPair newKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static void write(Path path, Object pemObject) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pemObject);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(path, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
