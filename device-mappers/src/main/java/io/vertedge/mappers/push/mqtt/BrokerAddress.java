package io.vertedge.mappers.push.mqtt;

import io.vertedge.mappers.push.PushConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code pushMethod.mqtt.address}: {@code tcp://} or {@code mqtt://} (port 1883 unless given),
 * {@code ssl://}, {@code mqtts://} or {@code tls://} (TLS, 8883 unless given), as paho takes them;
 * {@code HOST:PORT} without a scheme is read as {@code tcp://}.
 */
record BrokerAddress(String host, int port, boolean tls) {

  static BrokerAddress of(PushConfig config) {
    String address = config.requiredString("address");
    URI uri;
    try {
      uri = new URI(address.contains("://") ? address : "tcp://" + address);
    } catch (URISyntaxException e) {
      throw config.invalid("address", "is not a broker URL (tcp://HOST:PORT): " + e.getMessage());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = switch (scheme) {
      case "tcp", "mqtt" -> false;
      case "ssl", "mqtts", "tls" -> true;
      default -> throw config.invalid("address", "scheme " + scheme + " is not supported (tcp, mqtt, ssl, mqtts, tls)");
    };
    if (uri.getHost() == null) {
      throw config.invalid("address", "names no host: " + address);
    }
    return new BrokerAddress(uri.getHost(), uri.getPort() == -1 ? (tls ? 8883 : 1883) : uri.getPort(), tls);
  }

  /** What connections are shared by: targets naming the same broker in different spellings share one. */
  @Override
  public String toString() {
    return (tls ? "ssl://" : "tcp://") + host + ":" + port;
  }
}
