package io.vertedge.config;

import java.util.Objects;

/**
 * A host and a port to bind or to reach. Port {@code 0} means "any free port" when binding.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port 0–65535
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code HOST[:PORT]}; IPv6 literals as {@code [::1]:PORT}, or bare without a port.
   *
   * @throws IllegalArgumentException with a short reason when the text is not of that shape
   */
  public static HostPort parse(String text, int defaultPort) {
    String s = text.strip();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 2) {
        throw new IllegalArgumentException("unclosed [");
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return new HostPort(host, defaultPort);
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("text after ]");
      }
      return new HostPort(host, port(rest.substring(1)));
    }
    int colon = s.indexOf(':');
    if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
      // no port, or a bare IPv6 literal, whose colons are not a port separator
      return new HostPort(requireHost(s), defaultPort);
    }
    return new HostPort(requireHost(s.substring(0, colon)), port(s.substring(colon + 1)));
  }

  private static String requireHost(String host) {
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("bad host");
    }
    return host;
  }

  private static int port(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port");
    }
    return port;
  }

  /** {@code host:port}, with brackets around an IPv6 literal so the result parses back. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
