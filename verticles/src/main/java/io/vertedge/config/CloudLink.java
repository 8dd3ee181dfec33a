package io.vertedge.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the cloud's link listens and how it keeps links alive.
 *
 * @param host              bind address of both link listeners
 * @param websocketPort     WebSocket (TLS) port, 0 = any free port
 * @param quicPort          QUIC (UDP) port, 0 = any free port
 * @param advertiseHost     the host {@code /v1/endpoints} tells edges; {@code null} = the join request's Host
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatMisses   heartbeats missed in a row before a link is declared dead
 * @param maxFrameSize      largest accepted frame, in bytes
 */
public record CloudLink(String host, int websocketPort, int quicPort, String advertiseHost,
                        Duration heartbeatInterval, int heartbeatMisses, long maxFrameSize) {
  public CloudLink {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
  }
}
