package io.vertedge.load.dmi;

import java.util.Arrays;
import java.util.Locale;

/** Every sample of a window (nanoseconds; a minute of 1,000 calls a second is 60,000 longs), and its quantiles in ms. */
final class Latencies {

  private long[] samples = new long[1024];
  private int count;

  void add(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  String quantiles() {
    if (count == 0) {
      return "no samples";
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms (%,d calls)", ms(sorted, 0.50),
        ms(sorted, 0.90), ms(sorted, 0.99), sorted[count - 1] / 1e6, count);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * quantile) - 1)] / 1e6;
  }
}
