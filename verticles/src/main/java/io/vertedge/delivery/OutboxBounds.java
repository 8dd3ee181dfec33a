package io.vertedge.delivery;

import java.time.Duration;

/**
 * When an outbox stops accepting: more than {@code maxBytes} on disk, or its oldest
 * unacknowledged record older than {@code maxAge}.
 */
public record OutboxBounds(long maxBytes, Duration maxAge) {

  public static OutboxBounds defaults() {
    return new OutboxBounds(1L << 30, Duration.ofDays(7));
  }
}
