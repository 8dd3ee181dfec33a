package io.vertedge.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** What both WebSocket transports need from the TLS session and for closing. */
public final class PeerCertificates {

  private static final Logger log = LoggerFactory.getLogger(PeerCertificates.class);

  private PeerCertificates() {
  }

  /**
   * Parses the peer's chain afresh from its DER bytes. Netty keeps the chain in the TLS session
   * as lazily parsed objects; asking those for the subject would keep a parsed copy, several KB,
   * for the life of every link. The hello asks once and drops the copy.
   */
  public static List<X509Certificate> parse(Certificate[] chain, Object remote) {
    if (chain == null) {
      return List.of();
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> parsed = new ArrayList<>(chain.length);
      for (Certificate certificate : chain) {
        parsed.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(certificate.getEncoded())));
      }
      return parsed;
    } catch (CertificateException e) {
      log.warn("[remote: {}] unreadable peer certificate: {}", remote, e.getMessage());
      return List.of();
    }
  }

  /** A close reason cut to what a WebSocket close frame carries (123 bytes of UTF-8). */
  public static String closeReason(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 123) {
      return text;
    }
    int end = 123;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
