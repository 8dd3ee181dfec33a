package io.vertedge.pki;

import io.netty.util.NetUtil;
import io.vertedge.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cloud's certificate authority under {@code <cloud data>/pki/}: the CA ({@code ca.crt},
 * {@code ca.key}) and the join/link server certificate ({@code server.crt}, {@code server.key}),
 * all ECDSA P-256, created on first start and loaded afterwards. It signs node certificates from
 * their CSRs. Loading and signing block; {@link #open} does them on a worker.
 */
public final class CertificateAuthority {

  /** As KubeEdge: 100 years of 364 days. */
  public static final Duration CA_VALIDITY = Duration.ofHours(24L * 364 * 100);
  public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(365);
  public static final String NAME = "Vertedge";

  private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

  private final Path dir;
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final byte[] tokenKey;

  private CertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key) {
    this.dir = dir;
    this.certificate = certificate;
    this.key = key;
    this.tokenKey = JoinToken.hmacKey(key, certificate);
  }

  /** {@link #loadOrCreate} on a worker. */
  public static Future<CertificateAuthority> open(Vertx vertx, Path cloudDataDir, Collection<String> extraServerNames) {
    return vertx.executeBlocking(() -> loadOrCreate(cloudDataDir, extraServerNames));
  }

  /**
   * Loads the CA from {@code <cloudDataDir>/pki}, creating it when neither file exists, and
   * (re)issues the server certificate when it is missing or does not name every host asked for.
   */
  public static CertificateAuthority loadOrCreate(Path cloudDataDir, Collection<String> extraServerNames) {
    Path dir = cloudDataDir.resolve("pki");
    CertificateAuthority ca = loadOrCreateCa(dir);
    ca.ensureServerCertificate(serverNames(extraServerNames));
    return ca;
  }

  /** Loads an existing CA only: what {@code vertedge cloud token} needs while the cloud runs. */
  public static CertificateAuthority load(Path cloudDataDir) {
    Path dir = cloudDataDir.resolve("pki");
    Path crt = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    if (!Files.exists(crt) || !Files.exists(key)) {
      throw new IllegalStateException("no CA in " + dir + " (has the cloud been started with this data directory?)");
    }
    return new CertificateAuthority(dir, Pem.readCertificate(crt), Pem.readPrivateKey(key));
  }

  public Path caCert() { return dir.resolve("ca.crt"); }
  public Path caKey() { return dir.resolve("ca.key"); }
  public Path serverCert() { return dir.resolve("server.crt"); }
  public Path serverKey() { return dir.resolve("server.key"); }

  public X509Certificate certificate() { return certificate; }

  public byte[] certificateDer() {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token's first part: SHA-256 hex of the CA certificate DER. */
  public String fingerprint() { return sha256Hex(certificateDer()); }

  /** The HMAC key of join tokens (see {@link JoinToken#hmacKey}). */
  byte[] tokenKey() { return tokenKey.clone(); }

  /**
   * Signs a node certificate for a DER PKCS#10 request whose subject is CN
   * {@code system:node:<nodeName>}, O {@code system:nodes} and whose key is ECDSA P-256.
   *
   * @throws ApiException 400 with the exact reason when the request is not acceptable
   */
  public X509Certificate signNodeCsr(byte[] csrDer, String nodeName, Duration validity) {
    PKCS10CertificationRequest csr = parseCsr(csrDer);
    X500Name subject = csr.getSubject();
    expect("CN", NodeNames.first(subject, BCStyle.CN), NodeNames.commonName(nodeName));
    expect("O", NodeNames.first(subject, BCStyle.O), NodeNames.ORGANIZATION);
    return X509Issuer.clientCertificate(certificate, key, csr.getSubjectPublicKeyInfo(), subject, validity);
  }

  /** True when this CA signed {@code cert} and it is within its validity at {@code now}. */
  public boolean issued(X509Certificate cert, Instant now) {
    try {
      cert.verify(certificate.getPublicKey());
      cert.checkValidity(java.util.Date.from(now));
      return cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PKCS10CertificationRequest parseCsr(byte[] der) {
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest("the body is not a DER PKCS#10 certificate signing request");
    }
    var algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
      throw ApiException.badRequest("the certificate signing request's key must be ECDSA P-256");
    }
    boolean valid;
    try {
      // The JDK's EC KeyFactory is not registered under the key's OID: convert the key first.
      var publicKey = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
      valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey));
    } catch (Exception e) {
      throw ApiException.badRequest("the certificate signing request's signature cannot be checked: " + e.getMessage());
    }
    if (!valid) {
      throw ApiException.badRequest("the certificate signing request's signature is invalid");
    }
    return csr;
  }

  private static void expect(String field, String actual, String expected) {
    if (!expected.equals(actual)) {
      throw ApiException.badRequest("the certificate signing request's subject " + field + " is \""
          + actual + "\", expected \"" + expected + "\"");
    }
  }

  private static CertificateAuthority loadOrCreateCa(Path dir) {
    Path crt = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    boolean hasCrt = Files.exists(crt);
    if (hasCrt != Files.exists(key)) {
      // Never replace half a CA: every edge trusts the old one.
      throw new IllegalStateException(dir + " holds only one of ca.crt and ca.key; restore the other or remove both");
    }
    if (hasCrt) {
      return new CertificateAuthority(dir, Pem.readCertificate(crt), Pem.readPrivateKey(key));
    }
    createPrivateDirectory(dir);
    KeyPair keys = X509Issuer.newKeyPair();
    X509Certificate cert = X509Issuer.selfSignedCa(keys, X509Issuer.organisationName(NAME), CA_VALIDITY);
    Pem.writeAtomically(key, Pem.privateKey(keys.getPrivate()), true);
    Pem.writeAtomically(crt, Pem.certificate(cert), false);
    CertificateAuthority ca = new CertificateAuthority(dir, cert, keys.getPrivate());
    LOG.info("[pki: {}] created the CA, sha256 {}", dir, ca.fingerprint());
    return ca;
  }

  private void ensureServerCertificate(Set<String> names) {
    if (Files.exists(serverCert()) && Files.exists(serverKey())) {
      X509Certificate existing = Pem.readCertificate(serverCert());
      Set<String> wanted = new LinkedHashSet<>();
      names.forEach(name -> wanted.add(normalise(name)));
      if (issued(existing, Instant.now().plus(Duration.ofDays(30))) && sans(existing).containsAll(wanted)) {
        return;
      }
    }
    KeyPair keys = X509Issuer.newKeyPair();
    X509Certificate cert = X509Issuer.serverCertificate(certificate, key, keys.getPublic(),
        X509Issuer.organisationName(NAME), names, CA_VALIDITY);
    Pem.writeAtomically(serverKey(), Pem.privateKey(keys.getPrivate()), true);
    Pem.writeAtomically(serverCert(), Pem.certificate(cert), false);
    LOG.info("[pki: {}] issued the server certificate for {}", dir, names);
  }

  private static Set<String> serverNames(Collection<String> extra) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      LOG.debug("no local host name for the server certificate", e);
    }
    extra.stream().filter(Objects::nonNull).filter(name -> !name.isBlank()).forEach(names::add);
    return names;
  }

  private static Set<String> sans(X509Certificate cert) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = cert.getSubjectAlternativeNames();
      if (entries != null) {
        entries.forEach(entry -> names.add(normalise(String.valueOf(entry.get(1)))));
      }
    } catch (CertificateParsingException e) {
      LOG.debug("unreadable SANs", e);
    }
    return names;
  }

  /** The JDK prints IPv6 SANs in full form (0:0:0:0:0:0:0:1): compare addresses in one form. */
  private static String normalise(String name) {
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(name);
    try {
      return ip == null ? name : NetUtil.toAddressString(InetAddress.getByAddress(ip));
    } catch (IOException e) {
      return name;
    }
  }

  private static void createPrivateDirectory(Path dir) {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
