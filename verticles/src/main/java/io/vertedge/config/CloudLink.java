package io.vertedge.config;

import io.vertedge.link.quic.QuicSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the cloud's link listens, how it keeps links alive and how QUIC links are tuned.
 *
 * @param host              bind address of both link listeners
 * @param websocketPort     WebSocket (TLS) port, 0 = any free port
 * @param quicPort          QUIC (UDP) port, 0 = any free port
 * @param advertiseHost     the host {@code /v1/endpoints} tells edges; {@code null} = the join request's Host
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatMisses   heartbeats missed in a row before a link is declared dead
 * @param maxFrameSize      largest accepted frame, in bytes
 * @param quic              QUIC idle timeout, streams and windows; the edge-only handshake timeout
 *                          and probe interval are at their defaults
 */
public record CloudLink(String host, int websocketPort, int quicPort, String advertiseHost,
                        Duration heartbeatInterval, int heartbeatMisses, long maxFrameSize,
                        QuicSettings quic) {
  public CloudLink {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(quic, "quic");
  }
}
