package io.vertedge.store.log;

import java.nio.file.Path;

/**
 * One segment file of an open log: what readers may read of it and what it holds. Only the
 * writer advances it; readers see each advance once the bytes are forced.
 */
final class Segment {

  static final long NO_RECORD = Long.MIN_VALUE;

  private final long firstSequence;
  private final Path file;
  private volatile long durableBytes;
  private volatile long lastSequence;
  private volatile long firstTimestampMillis;

  Segment(long firstSequence, Path file, long durableBytes, long lastSequence, long firstTimestampMillis) {
    this.firstSequence = firstSequence;
    this.file = file;
    this.durableBytes = durableBytes;
    this.lastSequence = lastSequence;
    this.firstTimestampMillis = firstTimestampMillis;
  }

  static Segment empty(long firstSequence, Path file) {
    return new Segment(firstSequence, file, SegmentHeader.SIZE, firstSequence - 1, NO_RECORD);
  }

  long firstSequence() {
    return firstSequence;
  }

  Path file() {
    return file;
  }

  /** Bytes from the start of the file that are forced, so a reader may read up to here. */
  long durableBytes() {
    return durableBytes;
  }

  /** The last durable sequence, {@code firstSequence - 1} while it holds none. */
  long lastSequence() {
    return lastSequence;
  }

  boolean holdsRecords() {
    return firstTimestampMillis != NO_RECORD;
  }

  long firstTimestampMillis() {
    return firstTimestampMillis;
  }

  /** Called by the writer after a force. */
  void forced(long durableBytes, long lastSequence, long firstTimestampMillis) {
    if (!holdsRecords()) {
      this.firstTimestampMillis = firstTimestampMillis;
    }
    this.lastSequence = lastSequence;
    this.durableBytes = durableBytes;
  }
}
