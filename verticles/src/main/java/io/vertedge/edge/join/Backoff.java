package io.vertedge.edge.join;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (0.5 s doubling to 30 s): each wait is uniform in
 * [0, cap], so many edges that lost the cloud together do not come back in lockstep.
 */
final class Backoff {

  static final Duration INITIAL = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofSeconds(30);

  private int attempt;

  long nextDelayMillis() {
    long cap = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(attempt, 16));
    attempt++;
    return 1 + ThreadLocalRandom.current().nextLong(cap);
  }
}
