package io.vertedge.config;

import static io.vertedge.config.KeyType.DURATION;
import static io.vertedge.config.KeyType.HOST;
import static io.vertedge.config.KeyType.PORT;

import java.nio.file.Path;
import java.util.List;

/** The cloud's keys (API.md §2), declared once, and how they make a {@link CloudConfig}. */
public final class CloudKeys {

  public static final ConfigKey API_HOST = new ConfigKey("api.host", HOST, "127.0.0.1", "",
      "Address the REST API (health, metrics, nodes, devices) binds to.");
  public static final ConfigKey API_PORT = new ConfigKey("api.port", PORT, "8080", "",
      "REST API port; 0 = any free port.");
  public static final ConfigKey JOIN_HOST = new ConfigKey("join.host", HOST, "0.0.0.0", "",
      "Address the HTTPS join listener (CA, node certificates, endpoints) binds to.");
  public static final ConfigKey JOIN_PORT = new ConfigKey("join.port", PORT, "10002", "",
      "Join port, the one address an edge needs; 0 = any free port.");
  public static final ConfigKey JOIN_TOKEN_TTL = new ConfigKey("join.tokenTtl", DURATION, "24h", "duration",
      "Default lifetime of join tokens.");
  public static final ConfigKey LINK_HOST = new ConfigKey("link.host", HOST, "0.0.0.0", "",
      "Address the link listeners (WebSocket and QUIC) bind to.");
  public static final ConfigKey LINK_WEBSOCKET_PORT = new ConfigKey("link.websocketPort", PORT, "10000", "",
      "Link port for WebSocket over TLS; 0 = any free port.");
  public static final ConfigKey LINK_QUIC_PORT = new ConfigKey("link.quicPort", PORT, "10001", "",
      "Link port for QUIC (UDP); 0 = any free port.");
  public static final ConfigKey LINK_ADVERTISE_HOST = new ConfigKey("link.advertiseHost", HOST, null, "",
      "Host that /v1/endpoints tells edges; unset = the Host of the edge's join request.");
  public static final ConfigKey LINK_HEARTBEAT_INTERVAL = LinkKeys.HEARTBEAT_INTERVAL;
  public static final ConfigKey LINK_HEARTBEAT_MISSES = LinkKeys.HEARTBEAT_MISSES;
  public static final ConfigKey LINK_MAX_FRAME_SIZE = LinkKeys.MAX_FRAME_SIZE;
  public static final ConfigKey LINK_QUIC_IDLE_TIMEOUT = LinkKeys.QUIC_IDLE_TIMEOUT;
  public static final ConfigKey LINK_QUIC_MAX_STREAMS = LinkKeys.QUIC_MAX_STREAMS;
  public static final ConfigKey LINK_QUIC_STREAM_WINDOW = LinkKeys.QUIC_STREAM_WINDOW;
  public static final ConfigKey LINK_QUIC_CONNECTION_WINDOW = LinkKeys.QUIC_CONNECTION_WINDOW;
  public static final ConfigKey TELEMETRY_TRACES_ENDPOINT = TelemetryKeys.TRACES_ENDPOINT;
  public static final ConfigKey TELEMETRY_TRACES_SAMPLE_RATIO = TelemetryKeys.TRACES_SAMPLE_RATIO;

  /** Every cloud key, in the order of {@code conf/cloud.yaml}. */
  public static final KeyTable TABLE = new KeyTable("cloud", List.of(
      API_HOST, API_PORT, JOIN_HOST, JOIN_PORT, JOIN_TOKEN_TTL, LINK_HOST, LINK_WEBSOCKET_PORT,
      LINK_QUIC_PORT, LINK_ADVERTISE_HOST, LINK_HEARTBEAT_INTERVAL, LINK_HEARTBEAT_MISSES, LINK_MAX_FRAME_SIZE,
      LINK_QUIC_IDLE_TIMEOUT, LINK_QUIC_MAX_STREAMS, LINK_QUIC_STREAM_WINDOW, LINK_QUIC_CONNECTION_WINDOW,
      TELEMETRY_TRACES_ENDPOINT, TELEMETRY_TRACES_SAMPLE_RATIO));

  private CloudKeys() { }

  static CloudConfig build(Settings s, Path dataDir) {
    LinkKeys.validate(s);
    CloudLink link = new CloudLink(s.string(LINK_HOST), s.port(LINK_WEBSOCKET_PORT), s.port(LINK_QUIC_PORT),
        s.string(LINK_ADVERTISE_HOST), s.duration(LINK_HEARTBEAT_INTERVAL), s.integer(LINK_HEARTBEAT_MISSES),
        s.size(LINK_MAX_FRAME_SIZE), LinkKeys.quic(s));
    return new CloudConfig(dataDir, s.hostPort(API_HOST, API_PORT), s.hostPort(JOIN_HOST, JOIN_PORT), link,
        s.duration(JOIN_TOKEN_TTL), TelemetryKeys.traces(s));
  }
}
