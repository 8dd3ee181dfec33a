package io.vertedge.pki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** A throwaway CA and a server certificate for exactly the names given (for TLS tests of other servers). */
public final class TestCertificates {

  /** PEM files: {@code ca.crt}, {@code server.crt}, {@code server.key}. */
  public record Files(Path caCert, Path serverCert, Path serverKey) { }

  private TestCertificates() { }

  public static Files issue(Path dir, List<String> serverNames) {
    KeyPair caKeys = X509Issuer.newKeyPair();
    X509Certificate ca = X509Issuer.selfSignedCa(caKeys, X509Issuer.organisationName("Test CA"), Duration.ofDays(1));
    KeyPair serverKeys = X509Issuer.newKeyPair();
    X509Certificate server = X509Issuer.serverCertificate(ca, caKeys.getPrivate(), serverKeys.getPublic(),
        X509Issuer.organisationName("Test server"), serverNames, Duration.ofDays(1));
    Files files = new Files(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
    Pem.writeAtomically(files.caCert(), Pem.certificate(ca), false);
    Pem.writeAtomically(files.serverCert(), Pem.certificate(server), false);
    Pem.writeAtomically(files.serverKey(), Pem.privateKey(serverKeys.getPrivate()), false);
    return files;
  }
}
