package io.vertedge.mappers.driver;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a property's {@code collectCycle} or {@code reportCycle} (KUBEEDGE-COMPAT §6.4): int64
 * milliseconds as the mapper framework reads them, except that a value of 10^9 or more is taken for
 * the nanoseconds older KubeEdge docs wrote ({@code 10000000000 # every 10 seconds}), with a
 * warning naming the field. Zero or absent means the default of one second.
 */
public final class Cycles {

  /** The mapper framework's default cycle. */
  public static final Duration DEFAULT = Duration.ofSeconds(1);

  private static final long NANOSECOND_THRESHOLD = 1_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(Cycles.class);

  private Cycles() {
  }

  public static Duration of(String field, Long value) {
    if (value == null || value == 0) {
      return DEFAULT;
    }
    if (value < 0) {
      throw new InvalidFieldException(field, "must be a positive number of milliseconds, not " + value);
    }
    if (value >= NANOSECOND_THRESHOLD) {
      Duration cycle = Duration.ofNanos(value);
      LOG.warn("{}={} read as nanoseconds ({} ms); KubeEdge's mapper framework counts milliseconds", field, value, cycle.toMillis());
      return cycle;
    }
    return Duration.ofMillis(value);
  }
}
