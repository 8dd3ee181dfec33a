package io.vertedge.link;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Envelope ids that are unique per process run and cheap to make: a random run prefix and a
 * counter. {@code UUID.randomUUID()} would read {@code SecureRandom} on the event loop.
 */
public final class Ids {

  private static final String RUN = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
  private static final AtomicLong COUNTER = new AtomicLong();

  private Ids() {
  }

  public static String next() {
    return RUN + "-" + Long.toHexString(COUNTER.incrementAndGet());
  }
}
