package io.vertedge.devices.model;

import java.time.Duration;

/**
 * {@code reportCycle} and {@code collectCycle} (KUBEEDGE-COMPAT 6.4): int64 milliseconds, as
 * the mapper framework reads them, default 1 s; a value of 10^9 or more is read as nanoseconds
 * (older KubeEdge docs wrote {@code 10000000000 # every 10 seconds}), with a warning. Values
 * are stored and returned exactly as given; only their reading differs.
 */
public final class Cycles {

  /** From this value on, a cycle is read as nanoseconds. */
  public static final long NANOSECONDS_FROM = 1_000_000_000L;
  /** The interval when no cycle (or 0) is given, as the mapper framework. */
  public static final Duration DEFAULT = Duration.ofSeconds(1);

  private Cycles() { }

  /** The interval a cycle value means; {@link #DEFAULT} for {@code null}, zero or a negative value. */
  public static Duration interval(Long cycle) {
    if (cycle == null || cycle <= 0) {
      return DEFAULT;
    }
    return readAsNanoseconds(cycle) ? Duration.ofNanos(cycle) : Duration.ofMillis(cycle);
  }

  /** Whether {@code cycle} is read as nanoseconds. */
  public static boolean readAsNanoseconds(long cycle) {
    return cycle >= NANOSECONDS_FROM;
  }

  /** The warning for a cycle read as nanoseconds, naming the field. */
  static String nanosecondsWarning(FieldPath field, long cycle) {
    return field + ": " + cycle + " is read as nanoseconds (" + Duration.ofNanos(cycle).toMillis()
        + " ms); write cycles in milliseconds";
  }
}
