package io.vertedge.load.delivery;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether a latency tail comes from a few stalls or from every moment: the updates slower than a
 * bound, grouped by the 100 ms window in which they were sent. A p99 made of two or three windows
 * is a stall (a long force, a pause); one spread over most windows is the steady load.
 */
final class SlowWindows {

  private static final long WINDOW_NANOS = 100_000_000;

  private SlowWindows() { }

  static String describe(long[] latencies, long[] sentOffsets, long slowNanos, int seconds) {
    Map<Long, Integer> slowByWindow = new TreeMap<>();
    int slow = 0;
    for (int i = 0; i < latencies.length; i++) {
      if (latencies[i] > slowNanos) {
        slow++;
        slowByWindow.merge(sentOffsets[i] / WINDOW_NANOS, 1, Integer::sum);
      }
    }
    long windows = seconds * 1_000_000_000L / WINDOW_NANOS;
    int worstFive = slowByWindow.values().stream().sorted((a, b) -> b - a).limit(5).mapToInt(Integer::intValue).sum();
    String worst = slowByWindow.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
        .map(e -> String.format(Locale.ROOT, "%.1f s: %d", e.getKey() * WINDOW_NANOS / 1e9, e.getValue()))
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "over %.0f ms: %,d updates, sent in %d of %d windows of 100 ms; the worst 5 windows"
        + " hold %d of them (%s)", slowNanos / 1e6, slow, slowByWindow.size(), windows, worstFive, worst);
  }
}
