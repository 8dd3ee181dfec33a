package io.vertedge.link;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random delay between 0 and the current cap), so
 * that a thousand edges losing the same cloud do not come back in lockstep.
 */
public final class Backoff {

  private final long baseMillis;
  private final long maxMillis;
  private int attempt;

  public Backoff(Duration base, Duration max) {
    this.baseMillis = Math.max(1, base.toMillis());
    this.maxMillis = Math.max(baseMillis, max.toMillis());
  }

  /** The default of the link: 0.5 s doubling up to 30 s. */
  public static Backoff forReconnect() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** Delay before the next attempt, at least 1 ms. */
  public long nextDelayMillis() {
    long cap = capMillis(attempt);
    attempt = Math.min(attempt + 1, 62);
    return Math.max(1, ThreadLocalRandom.current().nextLong(cap + 1));
  }

  public void reset() {
    attempt = 0;
  }

  long capMillis(int n) {
    long cap = baseMillis;
    for (int i = 0; i < n && cap < maxMillis; i++) {
      cap = cap * 2;
    }
    return Math.min(cap, maxMillis);
  }
}
