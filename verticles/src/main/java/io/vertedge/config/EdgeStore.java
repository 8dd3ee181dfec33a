package io.vertedge.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of the edge's outbox: past either, the doors refuse new events (back-pressure)
 * instead of accepting what could not be kept.
 *
 * @param outboxMaxBytes events on disk waiting for the cloud's acknowledgement
 * @param outboxMaxAge   how long the oldest of them may wait
 */
public record EdgeStore(long outboxMaxBytes, Duration outboxMaxAge) {
  public EdgeStore {
    Objects.requireNonNull(outboxMaxAge, "outboxMaxAge");
  }
}
