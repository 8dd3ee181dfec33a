package io.vertedge.pki;

import io.netty.util.NetUtil;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

/** Builds the ECDSA P-256 keys and X.509 certificates of the PKI (CPU work: call on a worker). */
final class X509Issuer {

  static final String SIGNATURE = "SHA256withECDSA";
  /** Back-dating absorbs small clock differences between cloud and edge, at most 5 minutes. */
  private static final Duration MAX_BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private X509Issuer() { }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is not available in this JVM", e);
    }
  }

  static X500Name organisationName(String name) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, name).addRDN(BCStyle.CN, name).build();
  }

  static X509Certificate selfSignedCa(KeyPair keys, X500Name name, Duration validity) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, keys.getPublic(), validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  static X509Certificate serverCertificate(X509Certificate ca, PrivateKey caKey, PublicKey key,
                                           X500Name subject, Collection<String> names, Duration validity) {
    try {
      GeneralName[] sans = names.stream().map(X509Issuer::generalName).toArray(GeneralName[]::new);
      X509v3CertificateBuilder builder = leaf(ca, subject, key, validity)
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the server certificate", e);
    }
  }

  static X509Certificate clientCertificate(X509Certificate ca, PrivateKey caKey, SubjectPublicKeyInfo key,
                                           X500Name subject, Duration validity) {
    try {
      PublicKey publicKey = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(key);
      X509v3CertificateBuilder builder = leaf(ca, subject, publicKey, validity)
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign the node certificate", e);
    }
  }

  /** A random positive 128-bit serial, as RFC 5280 recommends (unpredictable, ≤ 20 octets). */
  static BigInteger randomSerial() {
    return new BigInteger(128, RANDOM).setBit(127);
  }

  private static X509v3CertificateBuilder leaf(X509Certificate ca, X500Name subject, PublicKey key, Duration validity)
      throws GeneralSecurityException, CertIOException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
    return builder(issuer, subject, key, validity)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
    Instant now = Instant.now();
    Duration backdate = validity.dividedBy(10).compareTo(MAX_BACKDATE) < 0 ? validity.dividedBy(10) : MAX_BACKDATE;
    return new X509v3CertificateBuilder(issuer, randomSerial(), Date.from(now.minus(backdate)),
        Date.from(now.plus(validity)), subject, SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      byte[] der = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)).getEncoded();
      return Pem.parseCertificate(der);
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static GeneralName generalName(String name) {
    return NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)
        ? new GeneralName(GeneralName.iPAddress, name)
        : new GeneralName(GeneralName.dNSName, name);
  }
}
