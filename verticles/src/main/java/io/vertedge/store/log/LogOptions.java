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
 */
public record LogOptions(long segmentBytes, Duration maxBatchDelay, int maxBatchRecords) {

  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

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
  }

  public static LogOptions defaults() {
    return new LogOptions(DEFAULT_SEGMENT_BYTES, Duration.ZERO, 4096);
  }

  public LogOptions withSegmentBytes(long bytes) {
    return new LogOptions(bytes, maxBatchDelay, maxBatchRecords);
  }

  public LogOptions withMaxBatchDelay(Duration delay) {
    return new LogOptions(segmentBytes, delay, maxBatchRecords);
  }

  public LogOptions withMaxBatchRecords(int records) {
    return new LogOptions(segmentBytes, maxBatchDelay, records);
  }
}
