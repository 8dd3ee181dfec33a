package io.vertedge.config;

import static io.vertedge.config.KeyType.DURATION;
import static io.vertedge.config.KeyType.HOST;
import static io.vertedge.config.KeyType.PORT;
import static io.vertedge.config.KeyType.STRING;

import io.vertedge.edge.mappers.BuiltInMappers;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.mappers.driver.DriverFactory;
import io.vertedge.mqtt.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The edge's keys (API.md §2), declared once, and how they make an {@link EdgeConfig}. */
public final class EdgeKeys {

  public static final ConfigKey NODE_NAME = new ConfigKey("nodeName", STRING, null, "",
      "This node's name: lowercase letters, digits, '-' and '.', at most 63. Required (--node-name).");
  public static final ConfigKey CLOUD = new ConfigKey("cloud", STRING, null, "",
      "The cloud's join address, HOST[:PORT], port 10002 when omitted. Required (--cloud).");
  public static final ConfigKey TRANSPORT = new ConfigKey("transport", KeyType.TRANSPORT, "auto", "",
      "Link transport: websocket, quic, or auto (QUIC, falling back to WebSocket).");
  public static final ConfigKey API_HOST = new ConfigKey("api.host", HOST, "127.0.0.1", "",
      "Address the edge API (health, metrics, KubeEdge mapper routes) binds to.");
  public static final ConfigKey API_PORT = new ConfigKey("api.port", PORT, "7777", "",
      "Edge API port; 0 = any free port.");
  public static final ConfigKey MQTT_MODE = new ConfigKey("mqtt.mode", KeyType.MQTT_MODE, "internal", "",
      "internal: run our own MQTT broker on mqtt.host/port; external: use the broker at mqtt.url or mqtt.host/port.");
  public static final ConfigKey MQTT_HOST = new ConfigKey("mqtt.host", HOST, "127.0.0.1", "",
      "MQTT broker address (bound when internal, reached when external).");
  public static final ConfigKey MQTT_PORT = new ConfigKey("mqtt.port", PORT, "1883", "",
      "MQTT broker port; 0 = any free port (internal only).");
  public static final ConfigKey MQTT_URL = new ConfigKey("mqtt.url", STRING, null, "",
      "External broker URL, e.g. tcp://broker:1883 or ssl://broker:8883 (port 1883, 8883 for TLS, when omitted); "
      + "overrides mqtt.host/port.");
  public static final ConfigKey DMI_SOCKET = new ConfigKey("dmi.socket", KeyType.PATH, "<data>/dmi.sock", "",
      "Unix socket of the DMI gRPC service; relative paths are in the data directory; at most 107 bytes.");
  public static final ConfigKey DMI_TCP = new ConfigKey("dmi.tcp", STRING, null, "",
      "Also serve DMI (gRPC, cleartext, no auth) on this HOST:PORT, for mappers that cannot reach the socket, e.g. "
      + "127.0.0.1:10350; off by default. Keep it on loopback: anyone who reaches it can report for every device.");
  public static final ConfigKey MAPPERS_BUILT_IN = new ConfigKey("mappers.builtIn", KeyType.NAMES, "virtual, modbus",
      "", "Protocols whose devices the edge runs itself (of virtual, modbus; none for no built-in mapper); devices of "
      + "others are left to DMI mappers, and a DMI mapper registering for a listed protocol is refused "
      + "(FAILED_PRECONDITION).");
  public static final ConfigKey SERVICE_BUS_HOST = new ConfigKey("serviceBus.host", HOST, "127.0.0.1", "",
      "Address the ServiceBus listener binds to.");
  public static final ConfigKey SERVICE_BUS_PORT = new ConfigKey("serviceBus.port", PORT, "9060", "",
      "ServiceBus port; 0 = any free port.");
  public static final ConfigKey SERVICE_BUS_ALLOWED_PORTS = new ConfigKey("serviceBus.allowedPorts", KeyType.PORTS,
      null, "ports", "Ports of apps on this edge's loopback that cloud callers may reach through "
      + "/api/v1/nodes/{node}/services/{port}/...; none by default (403).");
  public static final ConfigKey SERVICE_BUS_TIMEOUT = new ConfigKey("serviceBus.timeout", DURATION, "30s", "duration",
      "How long the edge waits for an app's answer to a ServiceBus call before it answers 504 (100ms to 5m).");
  public static final ConfigKey SERVICE_BUS_MAX_BODY_SIZE = new ConfigKey("serviceBus.maxBodySize", KeyType.SIZE,
      "8MiB", "bytes", "Largest response body an app may return through the ServiceBus (larger: 502).");
  public static final ConfigKey LINK_HEARTBEAT_INTERVAL = LinkKeys.HEARTBEAT_INTERVAL;
  public static final ConfigKey LINK_HEARTBEAT_MISSES = LinkKeys.HEARTBEAT_MISSES;
  public static final ConfigKey LINK_MAX_FRAME_SIZE = LinkKeys.MAX_FRAME_SIZE;
  public static final ConfigKey LINK_QUIC_IDLE_TIMEOUT = LinkKeys.QUIC_IDLE_TIMEOUT;
  public static final ConfigKey LINK_QUIC_MAX_STREAMS = LinkKeys.QUIC_MAX_STREAMS;
  public static final ConfigKey LINK_QUIC_STREAM_WINDOW = LinkKeys.QUIC_STREAM_WINDOW;
  public static final ConfigKey LINK_QUIC_CONNECTION_WINDOW = LinkKeys.QUIC_CONNECTION_WINDOW;
  public static final ConfigKey LINK_QUIC_HANDSHAKE_TIMEOUT = new ConfigKey("link.quicHandshakeTimeout", DURATION,
      "3s", "duration", "How long transport auto waits for a QUIC handshake before it falls back to WebSocket "
      + "(100ms to 60s).");
  public static final ConfigKey LINK_QUIC_PROBE_INTERVAL = new ConfigKey("link.quicProbeInterval", DURATION, "5m",
      "duration", "Longest wait between QUIC probes while transport auto runs over WebSocket; the first comes after "
      + Units.formatDuration(QuicSettings.FIRST_PROBE) + " and the wait doubles up to this (at least 1s).");

  public static final ConfigKey STORE_OUTBOX_MAX_BYTES = new ConfigKey("store.outbox.maxBytes", KeyType.SIZE, "1GiB",
      "bytes", "Events waiting on disk for the cloud's acknowledgement; past this the doors refuse new events.");
  public static final ConfigKey STORE_OUTBOX_MAX_AGE = new ConfigKey("store.outbox.maxAge", KeyType.DURATION, "7d",
      "duration", "How long the oldest unacknowledged event may wait; past this the doors refuse new events.");
  public static final ConfigKey STORE_OUTBOX_DROP_OLDEST = new ConfigKey("store.outbox.dropOldest",
      KeyType.TOPIC_FILTERS, null, "topic filters", "Events on these topics (e.g. "
      + "`$hw/events/device/+/data/update`) go to an outbox of their own that drops its oldest events when full "
      + "instead of refusing new ones; its drops are counted (vertedge_outbox_dropped_total).");
  public static final ConfigKey STORE_OUTBOX_DROP_OLDEST_MAX_BYTES = new ConfigKey("store.outbox.dropOldestMaxBytes",
      KeyType.SIZE, "256MiB", "bytes", "Bound of the dropOldest outbox (at least 1MiB); it has no age bound.");

  public static final ConfigKey TELEMETRY_TRACES_ENDPOINT = TelemetryKeys.TRACES_ENDPOINT;
  public static final ConfigKey TELEMETRY_TRACES_SAMPLE_RATIO = TelemetryKeys.TRACES_SAMPLE_RATIO;

  /** Every edge key, in the order of {@code conf/edge.yaml}. */
  public static final KeyTable TABLE = new KeyTable("edge", Stream.of(List.of(
      NODE_NAME, CLOUD, TRANSPORT, API_HOST, API_PORT, MQTT_MODE, MQTT_HOST, MQTT_PORT, MQTT_URL), MqttKeys.KEYS, List.of(
      DMI_SOCKET, DMI_TCP, MAPPERS_BUILT_IN, SERVICE_BUS_HOST, SERVICE_BUS_PORT, SERVICE_BUS_ALLOWED_PORTS, SERVICE_BUS_TIMEOUT, SERVICE_BUS_MAX_BODY_SIZE,
      LINK_HEARTBEAT_INTERVAL, LINK_HEARTBEAT_MISSES, LINK_MAX_FRAME_SIZE,
      LINK_QUIC_IDLE_TIMEOUT, LINK_QUIC_MAX_STREAMS, LINK_QUIC_STREAM_WINDOW, LINK_QUIC_CONNECTION_WINDOW,
      LINK_QUIC_HANDSHAKE_TIMEOUT, LINK_QUIC_PROBE_INTERVAL, STORE_OUTBOX_MAX_BYTES, STORE_OUTBOX_MAX_AGE,
      STORE_OUTBOX_DROP_OLDEST, STORE_OUTBOX_DROP_OLDEST_MAX_BYTES, TELEMETRY_TRACES_ENDPOINT,
      TELEMETRY_TRACES_SAMPLE_RATIO)).flatMap(List::stream).toList());

  /** The longest Unix socket path Linux accepts ({@code sun_path} is 108 bytes with the NUL). */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  private static final Pattern NODE_NAME_SHAPE =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Duration MIN_HANDSHAKE = Duration.ofMillis(100);
  private static final Duration MAX_HANDSHAKE = Duration.ofSeconds(60);
  private static final Duration MIN_PROBE_INTERVAL = Duration.ofSeconds(1);
  private static final long MIN_OUTBOX_BYTES = 1L << 20;
  private static final Duration MIN_OUTBOX_AGE = Duration.ofMinutes(1);

  private EdgeKeys() { }

  static EdgeConfig build(Settings s, Path dataDir) {
    LinkKeys.validate(s);
    String nodeName = nodeName(s);
    String cloud = cloud(s);
    Mqtt mqtt = MqttKeys.build(s);
    Path dmi = dmiSocket(s);
    EdgeLink link = new EdgeLink(s.duration(LINK_HEARTBEAT_INTERVAL), s.integer(LINK_HEARTBEAT_MISSES),
        s.size(LINK_MAX_FRAME_SIZE), quic(s));
    return new EdgeConfig(dataDir, nodeName, cloud, s.get(TRANSPORT, Transport.class),
        s.hostPort(API_HOST, API_PORT), mqtt, dmi, serviceBus(s), link, store(s), mappers(s), TelemetryKeys.traces(s));
  }

  private static EdgeMappers mappers(Settings s) {
    @SuppressWarnings("unchecked")
    List<String> builtIn = s.get(MAPPERS_BUILT_IN, List.class);
    List<String> known = BuiltInMappers.DRIVERS.stream().map(DriverFactory::protocolName).toList();
    for (String protocol : builtIn == null ? List.<String>of() : builtIn) {
      if (!known.contains(protocol)) {
        throw ConfigException.forKey(MAPPERS_BUILT_IN.name(), Units.quote(protocol) + " has no built-in mapper (there are "
            + String.join(", ", known) + "); leave it out and run a DMI mapper for it");
      }
    }
    String tcp = s.string(DMI_TCP);
    HostPort dmiTcp = null;
    if (tcp != null) {
      try {
        dmiTcp = HostPort.parse(tcp, -1);
      } catch (IllegalArgumentException e) {
        throw ConfigException.forKey(DMI_TCP.name(), Units.quote(tcp) + " is not HOST:PORT, e.g. 127.0.0.1:10350");
      }
    }
    return new EdgeMappers(builtIn == null ? List.of() : builtIn, dmiTcp);
  }

  private static ServiceBus serviceBus(Settings s) {
    Duration timeout = s.duration(SERVICE_BUS_TIMEOUT);
    if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw ConfigException.forKey(SERVICE_BUS_TIMEOUT.name(),
          Units.quote(s.raw(SERVICE_BUS_TIMEOUT)) + " is out of range (100ms to 5m)");
    }
    @SuppressWarnings("unchecked")
    Set<Integer> allowed = s.get(SERVICE_BUS_ALLOWED_PORTS, Set.class);
    return new ServiceBus(s.hostPort(SERVICE_BUS_HOST, SERVICE_BUS_PORT), allowed == null ? Set.of() : allowed, timeout,
        s.size(SERVICE_BUS_MAX_BODY_SIZE));
  }

  private static EdgeStore store(Settings s) {
    long maxBytes = s.size(STORE_OUTBOX_MAX_BYTES);
    if (maxBytes < MIN_OUTBOX_BYTES) {
      throw ConfigException.forKey(STORE_OUTBOX_MAX_BYTES.name(),
          Units.quote(s.raw(STORE_OUTBOX_MAX_BYTES)) + " is too small (at least 1MiB)");
    }
    Duration maxAge = s.duration(STORE_OUTBOX_MAX_AGE);
    if (maxAge.compareTo(MIN_OUTBOX_AGE) < 0) {
      throw ConfigException.forKey(STORE_OUTBOX_MAX_AGE.name(),
          Units.quote(s.raw(STORE_OUTBOX_MAX_AGE)) + " is too short (at least 1m)");
    }
    long dropOldestMaxBytes = s.size(STORE_OUTBOX_DROP_OLDEST_MAX_BYTES);
    if (dropOldestMaxBytes < MIN_OUTBOX_BYTES) {
      throw ConfigException.forKey(STORE_OUTBOX_DROP_OLDEST_MAX_BYTES.name(),
          Units.quote(s.raw(STORE_OUTBOX_DROP_OLDEST_MAX_BYTES)) + " is too small (at least 1MiB)");
    }
    @SuppressWarnings("unchecked")
    List<TopicFilter> dropOldest = s.get(STORE_OUTBOX_DROP_OLDEST, List.class);
    return new EdgeStore(maxBytes, maxAge, dropOldest == null ? List.of() : dropOldest, dropOldestMaxBytes);
  }

  private static QuicSettings quic(Settings s) {
    Duration handshake = s.duration(LINK_QUIC_HANDSHAKE_TIMEOUT);
    if (handshake.compareTo(MIN_HANDSHAKE) < 0 || handshake.compareTo(MAX_HANDSHAKE) > 0) {
      throw ConfigException.forKey(LINK_QUIC_HANDSHAKE_TIMEOUT.name(),
          Units.quote(s.raw(LINK_QUIC_HANDSHAKE_TIMEOUT)) + " is out of range (100ms to 60s)");
    }
    Duration probeInterval = s.duration(LINK_QUIC_PROBE_INTERVAL);
    if (probeInterval.compareTo(MIN_PROBE_INTERVAL) < 0) {
      throw ConfigException.forKey(LINK_QUIC_PROBE_INTERVAL.name(),
          Units.quote(s.raw(LINK_QUIC_PROBE_INTERVAL)) + " is too short (at least 1s)");
    }
    return LinkKeys.quic(s).withHandshakeTimeout(handshake).withProbeInterval(probeInterval);
  }

  private static String nodeName(Settings s) {
    String name = s.string(NODE_NAME);
    if (name == null) {
      throw ConfigException.forKey(NODE_NAME.name(), "required (set --node-name NAME)");
    }
    if (name.length() > 63 || !NODE_NAME_SHAPE.matcher(name).matches()) {
      throw ConfigException.forKey(NODE_NAME.name(), Units.quote(name)
          + " is not a valid node name (lowercase letters, digits, '-' and '.', at most 63, "
          + "starting and ending with a letter or digit)");
    }
    return name;
  }

  private static String cloud(Settings s) {
    String cloud = s.string(CLOUD);
    if (cloud == null) {
      throw ConfigException.forKey(CLOUD.name(), "required (set --cloud HOST[:PORT])");
    }
    try {
      HostPort.parse(cloud, EdgeConfig.DEFAULT_CLOUD_PORT);
    } catch (IllegalArgumentException e) {
      throw ConfigException.forKey(CLOUD.name(), Units.quote(cloud) + " is not HOST[:PORT] (e.g. cloud.example.com:10002)");
    }
    return cloud;
  }

  private static Path dmiSocket(Settings s) {
    Path socket = s.path(DMI_SOCKET);
    int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      throw ConfigException.forKey(DMI_SOCKET.name(), Units.quote(socket.toString()) + " is " + bytes
          + " bytes long, a Unix socket path may have at most " + MAX_SOCKET_PATH_BYTES
          + " (set dmi.socket or a shorter --data-dir)");
    }
    return socket;
  }
}
