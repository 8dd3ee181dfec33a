package io.vertedge.devices.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' name checks ({@code k8s.io/apimachinery/pkg/util/validation}), with its messages
 * word for word: DNS-1123 subdomains and labels, qualified names (label and annotation keys),
 * label values.
 */
final class NameRules {

  private NameRules() { }

  private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
  private static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?";
  private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
  private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);

  private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
      + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
  private static final String QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
      + "and must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of "
      + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  /** Metadata names ({@code metadata.name}), node names. */
  static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (bytes(value) > 253) {
      errs.add(maxLen(253));
    }
    if (!SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** Namespace names. */
  static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (bytes(value) > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL.matcher(value).matches()) {
      errs.add(SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
          : regexError(LABEL_MSG, LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name. */
  static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      name = parts[1];
      if (parts[0].isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        dns1123Subdomain(parts[0]).forEach(m -> errs.add("prefix part " + m));
      }
    } else {
      errs.add("a qualified name " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (bytes(name) > 63) {
      errs.add("name part " + maxLen(63));
    }
    if (!QNAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (bytes(value) > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  static String maxLen(int length) {
    return "must be no more than " + length + " characters";
  }

  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder out = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      out.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return out.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  // Go's len() counts bytes; the patterns admit only ASCII, so this matters only for the length message
  static int bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
