package io.vertedge.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a node's name appears in its certificate, as Kubernetes and KubeEdge spell it:
 * CN {@code system:node:<name>}, O {@code system:nodes}.
 */
public final class NodeNames {

  public static final String CN_PREFIX = "system:node:";
  public static final String ORGANIZATION = "system:nodes";

  /** A DNS-1123 subdomain, what Kubernetes accepts as a node name. */
  private static final Pattern VALID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private NodeNames() { }

  public static String commonName(String nodeName) {
    return CN_PREFIX + nodeName;
  }

  /** Null when valid, else why not: callers turn it into their own error. */
  public static String invalidReason(String nodeName) {
    if (nodeName == null || nodeName.isEmpty()) {
      return "node name is empty";
    }
    if (nodeName.length() > 253 || !VALID.matcher(nodeName).matches()) {
      return "node name \"" + nodeName + "\" is not a DNS-1123 subdomain (lower case letters, digits, '-' and '.')";
    }
    return null;
  }

  /** The node name a certificate was issued to, if its subject has the node form. */
  public static Optional<String> nodeNameOf(X509Certificate cert) {
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String cn = first(subject, BCStyle.CN);
    if (cn == null || !cn.startsWith(CN_PREFIX) || !ORGANIZATION.equals(first(subject, BCStyle.O))) {
      return Optional.empty();
    }
    return Optional.of(cn.substring(CN_PREFIX.length()));
  }

  static String first(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }
}
