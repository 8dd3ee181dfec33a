package io.vertedge.store.log;

import java.time.Duration;

/**
 * How a {@link SegmentLog} writes.
 *
 * @param segmentBytes    a segment is rolled when the next record would take it past this size
 *                        (a larger record gets a segment of its own)
 * @param maxBatchDelay   how long the writer may wait for more records before it writes a batch
 *                        that is not full; zero writes as soon as the previous force is done
 * @param maxBatchRecords the most records forced together
 * @param maxDeferral     how long a deferred record ({@link SegmentLog#appendDeferred}) may wait
 *                        for a record that is not, to be forced with it
 */
public record LogOptions(long segmentBytes, Duration maxBatchDelay, int maxBatchRecords, Duration maxDeferral) {

  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  /** Long enough for the next write at a few hundred per second, short against a crash's loss. */
  public static final Duration DEFAULT_MAX_DEFERRAL = Duration.ofMillis(50);

  public LogOptions {
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("segmentBytes must be at least 4096: " + segmentBytes);
    }
    if (maxBatchDelay.isNegative()) {
      throw new IllegalArgumentException("maxBatchDelay must not be negative: " + maxBatchDelay);
    }
    if (maxBatchRecords < 1) {
      throw new IllegalArgumentException("maxBatchRecords must be at least 1: " + maxBatchRecords);
    }
    if (maxDeferral.isNegative()) {
      throw new IllegalArgumentException("maxDeferral must not be negative: " + maxDeferral);
    }
  }

  public static LogOptions defaults() {
    return new LogOptions(DEFAULT_SEGMENT_BYTES, Duration.ZERO, 4096, DEFAULT_MAX_DEFERRAL);
  }

  public LogOptions withSegmentBytes(long bytes) {
    return new LogOptions(bytes, maxBatchDelay, maxBatchRecords, maxDeferral);
  }

  public LogOptions withMaxBatchDelay(Duration delay) {
    return new LogOptions(segmentBytes, delay, maxBatchRecords, maxDeferral);
  }

  public LogOptions withMaxBatchRecords(int records) {
    return new LogOptions(segmentBytes, maxBatchDelay, records, maxDeferral);
  }

  public LogOptions withMaxDeferral(Duration deferral) {
    return new LogOptions(segmentBytes, maxBatchDelay, maxBatchRecords, deferral);
  }
}
