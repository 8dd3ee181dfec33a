package io.vertedge.config;

import io.vertedge.edge.mqtt.BrokerLimits;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The edge's MQTT broker: its own ({@link MqttMode#INTERNAL}, bound on host/port) or an external
 * one, reached at {@code url} when given, else at host/port.
 *
 * @param url an external broker's URL such as {@code tcp://broker:1883}; {@code null} when not set
 * @param username the embedded broker's one username (internal), or ours at the external broker;
 *     {@code null} for none
 * @param password goes with {@code username}; {@code null} for none
 * @param clientId our client id at an external broker; {@code null} for {@code vertedge-<nodeName>}
 * @param tls files for a TLS connection to an external broker
 * @param limits the embedded broker's limits; {@code maxPacketSize} also bounds what we take from an
 *     external broker
 */
public record Mqtt(MqttMode mode, String host, int port, String url, String username, String password,
                   String clientId, MqttTls tls, BrokerLimits limits) {

  /** URL schemes of a TLS connection; {@code tcp} and {@code mqtt} are plain TCP. */
  public static final Set<String> TLS_SCHEMES = Set.of("ssl", "tls", "mqtts");

  public Mqtt {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(limits, "limits");
  }

  /** No credentials, default client id, no TLS files, {@link BrokerLimits#DEFAULTS}. */
  public Mqtt(MqttMode mode, String host, int port, String url) {
    this(mode, host, port, url, null, null, null, MqttTls.NONE, BrokerLimits.DEFAULTS);
  }

  /** Our client id at an external broker. */
  public String clientIdFor(String nodeName) {
    return clientId != null ? clientId : "vertedge-" + nodeName;
  }

  /** The external broker: {@code url}, or {@code tcp://host:port} without it. */
  public URI brokerUri() {
    return brokerUri(url, host, port);
  }

  static URI brokerUri(String url, String host, int port) {
    return URI.create(url != null ? url : "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  /** Whether the external broker is reached over TLS ({@code ssl://}, {@code tls://}, {@code mqtts://}). */
  public boolean usesTls() {
    return usesTls(brokerUri());
  }

  static boolean usesTls(URI broker) {
    return TLS_SCHEMES.contains(broker.getScheme().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "Mqtt[mode=" + mode + ", host=" + host + ", port=" + port + ", url=" + url + ", username=" + username
        + ", password=" + (password == null ? null : "***") + ", clientId=" + clientId + ", tls=" + tls
        + ", limits=" + limits + "]";
  }
}
