package io.vertedge.config;

import java.util.Locale;

/** How an edge reaches the cloud's link: config values {@code websocket}, {@code quic}, {@code auto}. */
public enum Transport {
  WEBSOCKET, QUIC,
  /** Try QUIC first and fall back to WebSocket (UDP is often blocked). */
  AUTO;

  /** The spelling used in YAML, the environment and on the command line. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
