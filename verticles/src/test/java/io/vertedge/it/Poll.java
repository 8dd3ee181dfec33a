package io.vertedge.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: how these tests wait for another process, instead of sleeping. */
final class Poll {

  private static final long INTERVAL_MILLIS = 100;

  private Poll() {
  }

  /** Returns as soon as {@code condition} holds; fails after {@code timeout}. */
  static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what.get());
      }
      pause();
    }
  }

  /** Checks that {@code condition} keeps holding for the whole of {@code period}. */
  static void holds(Duration period, Supplier<String> what, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() - end < 0) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("stopped holding: " + what.get());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
