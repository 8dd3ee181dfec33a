package io.vertedge.pki;

import io.vertedge.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CertificateAuthorityTest {

  @TempDir
  Path data;

  @Test
  void cloudKeepsItsCaAcrossRestarts() throws Exception {
    // GIVEN a cloud started once
    CertificateAuthority first = CertificateAuthority.loadOrCreate(data, List.of("cloud.example"));
    // WHEN it starts again on the same data directory
    CertificateAuthority again = CertificateAuthority.loadOrCreate(data, List.of("cloud.example"));
    // THEN it is the same CA, the keys are private, and the server certificate names the cloud
    assertEquals(first.fingerprint(), again.fingerprint());
    assertEquals(first.certificate(), again.certificate());
    for (Path key : List.of(first.caKey(), first.serverKey())) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    X509Certificate server = Pem.readCertificate(first.serverCert());
    Set<String> sans = server.getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1)))
        .collect(Collectors.toSet());
    assertTrue(sans.containsAll(List.of("localhost", "127.0.0.1", "cloud.example")), sans.toString());
    assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
    assertTrue(first.issued(server, Instant.now()));
    assertEquals(Pem.readCertificate(first.serverCert()), Pem.readCertificate(again.serverCert()));
    assertTrue(first.certificate().getSubjectX500Principal().getName().contains("CN=Vertedge"));
  }

  @Test
  void nodeCertificateCarriesTheNodeIdentity() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    NodeIdentity.KeyAndCsr csr = new NodeIdentity(data.resolve("edge"), "edge-1").newKeyAndCsr();
    X509Certificate cert = ca.signNodeCsr(csr.csrDer(), "edge-1", Duration.ofDays(365));
    assertEquals("edge-1", NodeNames.nodeNameOf(cert).orElseThrow());
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
    assertTrue(cert.getSerialNumber().bitLength() == 128);
    assertTrue(ca.issued(cert, Instant.now().plus(Duration.ofDays(364))));
  }

  @Test
  void csrForAnotherNameIsRejected() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    byte[] csr = new NodeIdentity(data.resolve("edge"), "edge-2").newKeyAndCsr().csrDer();
    ApiException refused = assertThrows(ApiException.class, () -> ca.signNodeCsr(csr, "edge-1", Duration.ofDays(1)));
    assertEquals(400, refused.code());
    assertEquals("the certificate signing request's subject CN is \"system:node:edge-2\", expected \"system:node:edge-1\"",
        refused.getMessage());
  }

  @Test
  void garbageInsteadOfACsrIsRejected() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    ApiException refused = assertThrows(ApiException.class,
        () -> ca.signNodeCsr(new byte[] {1, 2, 3}, "edge-1", Duration.ofDays(1)));
    assertEquals("the body is not a DER PKCS#10 certificate signing request", refused.getMessage());
  }

  @Test
  void halfACaIsNeverReplaced() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    Files.delete(ca.caKey());
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> CertificateAuthority.loadOrCreate(data, List.of()));
    assertTrue(refused.getMessage().contains("holds only one of ca.crt and ca.key"));
  }
}
