package io.vertedge.edge.mqtt;

import java.util.Objects;

/**
 * Where the embedded broker listens and whom it lets in.
 *
 * @param port 0 picks a free port ({@link MqttBroker#actualPort()} says which)
 * @param credentials the one username and password clients must present; {@code null} lets
 *     any client in without them
 */
public record BrokerConfig(String host, int port, Credentials credentials, BrokerLimits limits) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1883;

  public BrokerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " must be between 0 and 65535");
    }
  }

  /** 127.0.0.1:1883, no credentials, {@link BrokerLimits#DEFAULTS}. */
  public static BrokerConfig defaults() {
    return new BrokerConfig(DEFAULT_HOST, DEFAULT_PORT, null, BrokerLimits.DEFAULTS);
  }

  public BrokerConfig withPort(int newPort) {
    return new BrokerConfig(host, newPort, credentials, limits);
  }

  public BrokerConfig withCredentials(String username, String password) {
    return new BrokerConfig(host, port, new Credentials(username, password), limits);
  }

  public BrokerConfig withLimits(BrokerLimits newLimits) {
    return new BrokerConfig(host, port, credentials, newLimits);
  }

  /** A username and password; {@link #toString()} does not show the password. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }
}
