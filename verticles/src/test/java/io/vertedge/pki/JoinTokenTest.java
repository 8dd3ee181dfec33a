package io.vertedge.pki;

import io.vertedge.api.ApiException;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class JoinTokenTest {

  @TempDir
  Path data;

  @Test
  void operatorMintsATokenFromTheDataDirectoryWhileTheCloudRuns() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    String token = JoinToken.mintFromDataDir(data, Duration.ofHours(24));
    JoinToken.Parts parts = JoinToken.split(token);
    assertEquals(ca.fingerprint(), parts.caHash());
    Instant expiry = JoinToken.verify(ca, parts.jwt());
    assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofHours(23))));
    assertEquals(4, token.split("\\.").length);
  }

  @Test
  void hmacKeyIsTheSec1DerOfTheCaKeyAsKubeEdgeUses() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    ECPrivateKey sec1 = ECPrivateKey.getInstance(ca.tokenKey());
    assertEquals(SECObjectIdentifiers.secp256r1, sec1.getParametersObject());
    assertEquals(65, sec1.getPublicKey().getBytes().length);
    assertEquals(((java.security.interfaces.ECPrivateKey) Pem.readPrivateKey(ca.caKey())).getS(), sec1.getKey());
  }

  @Test
  void badTokensAreRefusedWithTheirReason() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(data, List.of());
    CertificateAuthority other = CertificateAuthority.loadOrCreate(data.resolve("other"), List.of());
    String expired = JoinToken.split(JoinToken.mint(ca, Instant.parse("2020-01-01T00:00:00Z"))).jwt();
    assertEquals("join token expired at 2020-01-01T00:00:00Z; mint a new one with `vertedge cloud token`",
        assertThrows(ApiException.class, () -> JoinToken.verify(ca, expired)).getMessage());
    String foreign = JoinToken.split(JoinToken.mint(other, JoinToken.DEFAULT_TTL)).jwt();
    assertEquals("join token signature is invalid: it was not minted by this cloud's CA",
        assertThrows(ApiException.class, () -> JoinToken.verify(ca, foreign)).getMessage());
    assertEquals("join token is malformed: a JWT has 3 dot-separated parts, this has 1",
        assertThrows(ApiException.class, () -> JoinToken.verify(ca, "garbage")).getMessage());
    assertEquals("join token is malformed: expected <sha256 hex of the CA certificate>.<JWT> (4 dot-separated parts)",
        assertThrows(IllegalArgumentException.class, () -> JoinToken.split("abc.def")).getMessage());
  }
}
