package io.vertedge.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How an edge keeps its link to the cloud alive.
 *
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatMisses   heartbeats missed in a row before the link is declared dead
 * @param maxFrameSize      largest accepted frame, in bytes
 */
public record EdgeLink(Duration heartbeatInterval, int heartbeatMisses, long maxFrameSize) {
  public EdgeLink {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
  }
}
