package io.vertedge.config;

import static io.vertedge.config.KeyType.DURATION;
import static io.vertedge.config.KeyType.INT;
import static io.vertedge.config.KeyType.SIZE;
import static io.vertedge.config.KeyType.STRING;

import io.vertedge.edge.mqtt.BrokerLimits;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The edge's {@code mqtt.*} keys beyond mode, host, port and url (those are in {@link EdgeKeys}):
 * credentials, the external broker's client id and TLS, and the embedded broker's limits
 * (docs/mqtt.md). Defaults of the limits are {@link BrokerLimits#DEFAULTS}.
 */
final class MqttKeys {

  static final ConfigKey USERNAME = new ConfigKey("mqtt.username", STRING, null, "",
      "Internal: the username every client must present (with mqtt.password); external: ours at the broker. "
      + "None by default (anonymous).");
  static final ConfigKey PASSWORD = new ConfigKey("mqtt.password", STRING, null, "",
      "Goes with mqtt.username; better set as VERTEDGE_MQTT_PASSWORD than written here.");
  static final ConfigKey CLIENT_ID = new ConfigKey("mqtt.clientId", STRING, null, "",
      "External: our client id; its persistent session keeps QoS 1 messages while the edge is away. "
      + "Default vertedge-<nodeName>.");
  static final ConfigKey TLS_CA_FILE = new ConfigKey("mqtt.tls.caFile", KeyType.PATH, null, "",
      "External over TLS (ssl://, tls:// or mqtts:// URL): PEM CA certificates the broker's must chain to; "
      + "the JVM's trusted CAs by default.");
  static final ConfigKey TLS_CERT_FILE = new ConfigKey("mqtt.tls.certFile", KeyType.PATH, null, "",
      "External over TLS: PEM client certificate, for a broker that asks for one (with mqtt.tls.keyFile).");
  static final ConfigKey TLS_KEY_FILE = new ConfigKey("mqtt.tls.keyFile", KeyType.PATH, null, "",
      "External over TLS: PEM private key of mqtt.tls.certFile.");
  static final ConfigKey TLS_VERIFY_HOSTNAME = new ConfigKey("mqtt.tls.verifyHostname", KeyType.BOOLEAN, "true", "",
      "External over TLS: the broker's certificate must name the host we dial.");
  static final ConfigKey MAX_PACKET_SIZE = new ConfigKey("mqtt.maxPacketSize", SIZE, "1MiB", "bytes",
      "Internal: largest MQTT packet taken from a client; external: largest message handed to the doors, "
      + "larger ones are dropped (64 to 268435455 bytes).");
  static final ConfigKey MAX_TOPIC_LENGTH = new ConfigKey("mqtt.maxTopicLength", INT, "1024", "bytes",
      "Internal: longest topic name or filter, in UTF-8 bytes (1 to 65535).");
  static final ConfigKey MAX_INFLIGHT = new ConfigKey("mqtt.maxInflight", INT, "32", "count",
      "Internal: QoS 1 messages in flight per client and direction (1 to 65535).");
  static final ConfigKey MAX_QUEUED_MESSAGES = new ConfigKey("mqtt.maxQueuedMessages", INT, "1000", "count",
      "Internal: messages queued for one client; from half of it its publishers are slowed (at least 1).");
  static final ConfigKey MAX_QUEUED_BYTES = new ConfigKey("mqtt.maxQueuedBytes", SIZE, "1MiB", "bytes",
      "Internal: the same bound in payload and topic bytes (at least 1).");
  static final ConfigKey SLOW_SUBSCRIBER_TIMEOUT = new ConfigKey("mqtt.slowSubscriberTimeout", DURATION, "10s",
      "duration", "Internal: how long a subscriber may keep its publishers paused before it is disconnected "
      + "(at least 1ms).");
  static final ConfigKey SESSION_EXPIRY = new ConfigKey("mqtt.sessionExpiry", DURATION, "24h", "duration",
      "Internal: how long the session of a disconnected persistent client is kept.");
  static final ConfigKey MAX_RETAINED = new ConfigKey("mqtt.maxRetained", INT, "10000", "count",
      "Internal: retained topics kept; a new one beyond it is delivered but not retained (0 = none).");

  /** In the order of {@code conf/edge.yaml}, after {@code mqtt.url}. */
  static final List<ConfigKey> KEYS = List.of(USERNAME, PASSWORD, CLIENT_ID, TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE,
      TLS_VERIFY_HOSTNAME, MAX_PACKET_SIZE, MAX_TOPIC_LENGTH, MAX_INFLIGHT, MAX_QUEUED_MESSAGES, MAX_QUEUED_BYTES,
      SLOW_SUBSCRIBER_TIMEOUT, SESSION_EXPIRY, MAX_RETAINED);

  private static final Set<String> SCHEMES = Set.of("tcp", "mqtt", "ssl", "tls", "mqtts");
  private static final int MAX_STRING_BYTES = 65_535;

  private MqttKeys() { }

  static Mqtt build(Settings s) {
    MqttMode mode = s.get(EdgeKeys.MQTT_MODE, MqttMode.class);
    String url = s.string(EdgeKeys.MQTT_URL);
    if (url != null && !isBrokerUrl(url)) {
      throw ConfigException.forKey(EdgeKeys.MQTT_URL.name(), Units.quote(url)
          + " is not a broker URL (e.g. tcp://broker:1883; schemes tcp, mqtt, ssl, tls, mqtts)");
    }
    if (mode == MqttMode.EXTERNAL && url == null && s.port(EdgeKeys.MQTT_PORT) == 0) {
      // port 0 only means something when we bind; an external broker has a real port
      throw ConfigException.forKey(EdgeKeys.MQTT_PORT.name(),
          "0 is not a broker port; mqtt.mode external needs mqtt.url or mqtt.host and mqtt.port");
    }
    String username = s.string(USERNAME);
    String password = s.string(PASSWORD);
    if (password != null && username == null) {
      throw ConfigException.forKey(PASSWORD.name(), "set without mqtt.username (MQTT sends a password only with a username)");
    }
    if (mode == MqttMode.INTERNAL && username != null && password == null) {
      throw ConfigException.forKey(PASSWORD.name(), "required with mqtt.username when mqtt.mode is internal");
    }
    String clientId = s.string(CLIENT_ID);
    if (clientId != null && clientId.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      throw ConfigException.forKey(CLIENT_ID.name(), "is longer than MQTT allows (65535 bytes)");
    }
    String host = s.string(EdgeKeys.MQTT_HOST);
    int port = s.port(EdgeKeys.MQTT_PORT);
    MqttTls tls = tls(s, mode, Mqtt.brokerUri(url, host, port));
    return new Mqtt(mode, host, port, url, username, password, clientId, tls, limits(s));
  }

  private static MqttTls tls(Settings s, MqttMode mode, URI broker) {
    Path ca = readable(s, TLS_CA_FILE);
    Path cert = readable(s, TLS_CERT_FILE);
    Path key = readable(s, TLS_KEY_FILE);
    ConfigKey first = ca != null ? TLS_CA_FILE : cert != null ? TLS_CERT_FILE : key != null ? TLS_KEY_FILE : null;
    if (first == null) {
      return new MqttTls(null, null, null, s.get(TLS_VERIFY_HOSTNAME, Boolean.class));
    }
    if (mode == MqttMode.INTERNAL) {
      throw ConfigException.forKey(first.name(), "the embedded broker has no TLS; mqtt.tls.* is for mqtt.mode external");
    }
    if (!Mqtt.usesTls(broker)) {
      throw ConfigException.forKey(first.name(), "set, but " + broker
          + " is not a TLS connection (use ssl://, tls:// or mqtts:// in mqtt.url)");
    }
    if (cert != null && key == null) {
      throw ConfigException.forKey(TLS_KEY_FILE.name(), "required with mqtt.tls.certFile");
    }
    if (key != null && cert == null) {
      throw ConfigException.forKey(TLS_CERT_FILE.name(), "required with mqtt.tls.keyFile");
    }
    return new MqttTls(ca, cert, key, s.get(TLS_VERIFY_HOSTNAME, Boolean.class));
  }

  private static Path readable(Settings s, ConfigKey key) {
    Path file = s.path(key);
    if (file != null && !Files.isReadable(file)) {
      throw ConfigException.forKey(key.name(), Units.quote(file.toString()) + " does not exist or cannot be read");
    }
    return file;
  }

  private static BrokerLimits limits(Settings s) {
    int packet = (int) within(s, MAX_PACKET_SIZE, s.size(MAX_PACKET_SIZE), 64, BrokerLimits.MQTT_MAX_PACKET_SIZE,
        "64 to 268435455 bytes");
    int topic = (int) within(s, MAX_TOPIC_LENGTH, s.integer(MAX_TOPIC_LENGTH), 1, 65_535, "1 to 65535");
    int inflight = (int) within(s, MAX_INFLIGHT, s.integer(MAX_INFLIGHT), 1, 65_535, "1 to 65535");
    int queued = (int) within(s, MAX_QUEUED_MESSAGES, s.integer(MAX_QUEUED_MESSAGES), 1, Integer.MAX_VALUE,
        "at least 1");
    long queuedBytes = within(s, MAX_QUEUED_BYTES, s.size(MAX_QUEUED_BYTES), 1, Long.MAX_VALUE, "at least 1");
    int retained = (int) within(s, MAX_RETAINED, s.integer(MAX_RETAINED), 0, Integer.MAX_VALUE, "0 or more");
    Duration slow = s.duration(SLOW_SUBSCRIBER_TIMEOUT);
    if (slow.isZero()) {
      throw ConfigException.forKey(SLOW_SUBSCRIBER_TIMEOUT.name(), Units.quote(s.raw(SLOW_SUBSCRIBER_TIMEOUT))
          + " is too short (at least 1ms)");
    }
    return new BrokerLimits(packet, topic, inflight, queued, queuedBytes, slow, s.duration(SESSION_EXPIRY), retained);
  }

  private static long within(Settings s, ConfigKey key, long value, long min, long max, String range) {
    if (value < min || value > max) {
      throw ConfigException.forKey(key.name(), Units.quote(s.raw(key)) + " is out of range (" + range + ")");
    }
    return value;
  }

  private static boolean isBrokerUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
