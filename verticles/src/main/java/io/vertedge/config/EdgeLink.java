package io.vertedge.config;

import io.vertedge.link.quic.QuicSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How an edge keeps its link to the cloud alive and how it uses QUIC.
 *
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatMisses   heartbeats missed in a row before the link is declared dead
 * @param maxFrameSize      largest accepted frame, in bytes
 * @param quic              QUIC tuning, and when {@code auto} falls back to WebSocket and probes QUIC again
 */
public record EdgeLink(Duration heartbeatInterval, int heartbeatMisses, long maxFrameSize, QuicSettings quic) {
  public EdgeLink {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(quic, "quic");
  }
}
