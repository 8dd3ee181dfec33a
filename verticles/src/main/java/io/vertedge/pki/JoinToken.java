package io.vertedge.pki;

import io.vertedge.api.ApiException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Join tokens as KubeEdge makes them: {@code <sha256 hex of the CA certificate DER>.<JWT>}, the
 * JWT being HS256 with the single claim {@code exp} (seconds). The HMAC key is the CA private
 * key in SEC1 DER exactly as Go's {@code x509.MarshalECPrivateKey} writes it (version 1, the
 * 32-byte scalar, the named curve, the uncompressed public key), so a KubeEdge CA key yields
 * the same tokens. The first part lets an edge pin the CA before it trusts anything.
 */
public final class JoinToken {

  /** A full token split into the CA pin and the JWT sent as {@code Authorization: Bearer}. */
  public record Parts(String caHash, String jwt) { }

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private static final String HEADER = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode()
      .getBytes(StandardCharsets.UTF_8));
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private JoinToken() { }

  public static String mint(CertificateAuthority ca, Duration ttl) {
    return mint(ca, Instant.now().plus(ttl));
  }

  public static String mint(CertificateAuthority ca, Instant expiresAt) {
    String signingInput = HEADER + "." + b64(new JsonObject().put("exp", expiresAt.getEpochSecond()).encode()
        .getBytes(StandardCharsets.UTF_8));
    return ca.fingerprint() + "." + signingInput + "." + b64(hmac(ca.tokenKey(), signingInput));
  }

  /**
   * For {@code vertedge cloud token}: reads only {@code <data>/pki/ca.crt} and {@code ca.key}
   * (never the store, so it works while the cloud runs). Blocks.
   */
  public static String mintFromDataDir(Path cloudDataDir, Duration ttl) {
    return mint(CertificateAuthority.load(cloudDataDir), ttl);
  }

  /** Splits a full token; {@link IllegalArgumentException} naming the expected shape otherwise. */
  public static Parts split(String token) {
    String trimmed = token == null ? "" : token.trim();
    int dot = trimmed.indexOf('.');
    String hash = dot < 0 ? trimmed : trimmed.substring(0, dot);
    if (dot < 0 || !HASH.matcher(hash).matches() || trimmed.substring(dot + 1).split("\\.", -1).length != 3) {
      throw new IllegalArgumentException(
          "join token is malformed: expected <sha256 hex of the CA certificate>.<JWT> (4 dot-separated parts)");
    }
    return new Parts(hash, trimmed.substring(dot + 1));
  }

  /** {@link #verify(CertificateAuthority, String, Instant)} at the current time. */
  public static Instant verify(CertificateAuthority ca, String jwt) {
    return verify(ca, jwt, Instant.now());
  }

  /**
   * Checks a JWT (or a full token, whose CA pin must then match) and returns its expiry.
   *
   * @throws ApiException 401 saying whether it is malformed, badly signed or expired
   */
  public static Instant verify(CertificateAuthority ca, String jwt, Instant now) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length == 4) {
      if (!parts[0].equals(ca.fingerprint())) {
        throw ApiException.unauthorized("join token is for another CA (sha256 " + parts[0] + ")");
      }
      return verify(ca, jwt.substring(parts[0].length() + 1), now);
    }
    if (parts.length != 3) {
      throw malformed("a JWT has 3 dot-separated parts, this has " + parts.length);
    }
    JsonObject header = json(parts[0], "header");
    if (!"HS256".equals(header.getValue("alg"))) {
      throw malformed("alg is " + header.getValue("alg") + ", expected HS256");
    }
    byte[] signature = decode(parts[2], "signature");
    if (!MessageDigest.isEqual(signature, hmac(ca.tokenKey(), parts[0] + "." + parts[1]))) {
      throw ApiException.unauthorized("join token signature is invalid: it was not minted by this cloud's CA");
    }
    Object exp = json(parts[1], "payload").getValue("exp");
    if (!(exp instanceof Number seconds)) {
      throw malformed("the payload has no numeric exp claim");
    }
    Instant expiry = Instant.ofEpochSecond(seconds.longValue());
    if (!now.isBefore(expiry)) {
      throw ApiException.unauthorized("join token expired at " + expiry + "; mint a new one with `vertedge cloud token`");
    }
    return expiry;
  }

  /** The HMAC key: SEC1 DER of the CA key, as Go's {@code x509.MarshalECPrivateKey}. */
  static byte[] hmacKey(PrivateKey key, X509Certificate cert) {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("the CA key is not an EC key");
    }
    try {
      byte[] publicPoint = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
      return new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), new DERBitString(publicPoint),
          SECObjectIdentifiers.secp256r1).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the CA key", e);
    }
  }

  private static ApiException malformed(String detail) {
    return ApiException.unauthorized("join token is malformed: " + detail);
  }

  private static JsonObject json(String part, String what) {
    try {
      return new JsonObject(new String(decode(part, what), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw malformed("the " + what + " is not a JSON object");
    }
  }

  private static byte[] decode(String part, String what) {
    try {
      return B64.decode(part);
    } catch (IllegalArgumentException e) {
      throw malformed("the " + what + " is not base64url");
    }
  }

  private static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
