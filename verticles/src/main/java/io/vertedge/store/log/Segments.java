package io.vertedge.store.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of an open log by first sequence. The writer adds at the end; trimming removes
 * from the start but never the last (active) segment; readers look segments up concurrently.
 */
final class Segments {

  private final Path dir;
  private final ConcurrentSkipListMap<Long, Segment> byFirstSequence = new ConcurrentSkipListMap<>();
  private boolean closed;

  Segments(Path dir, List<Segment> recovered) {
    this.dir = dir;
    recovered.forEach(this::add);
  }

  void add(Segment segment) {
    byFirstSequence.put(segment.firstSequence(), segment);
  }

  Segment first() {
    return byFirstSequence.firstEntry().getValue();
  }

  Segment active() {
    return byFirstSequence.lastEntry().getValue();
  }

  /** The segment that holds {@code sequence}, or would: the last one starting at or before it. */
  Segment holding(long sequence) {
    Map.Entry<Long, Segment> entry = byFirstSequence.floorEntry(sequence);
    return entry != null ? entry.getValue() : first();
  }

  /** The segment after {@code segment}, or null while it is the active one. */
  Segment after(Segment segment) {
    Map.Entry<Long, Segment> entry = byFirstSequence.higherEntry(segment.firstSequence());
    return entry != null ? entry.getValue() : null;
  }

  int count() {
    return byFirstSequence.size();
  }

  long sizeBytes() {
    return byFirstSequence.values().stream().mapToLong(Segment::durableBytes).sum();
  }

  /** Deletes the inactive segments whose records all lie below {@code sequence}; returns how many. */
  synchronized int trimBefore(long sequence) throws IOException {
    requireOpen();
    int deleted = 0;
    for (Segment segment = first(); segment != active() && segment.lastSequence() < sequence;
         segment = first()) {
      // out of the map first, so that no new reader opens a file about to go
      byFirstSequence.remove(segment.firstSequence());
      Files.deleteIfExists(segment.file());
      deleted++;
    }
    if (deleted > 0) {
      SegmentFiles.forceDirectory(dir);
    }
    return deleted;
  }

  /** Deletes the oldest segment whatever it holds, unless it is the active one; returns its last sequence, or 0. */
  synchronized long dropFirst() throws IOException {
    requireOpen();
    Segment segment = first();
    if (segment == active()) {
      return 0;
    }
    byFirstSequence.remove(segment.firstSequence());
    Files.deleteIfExists(segment.file());
    SegmentFiles.forceDirectory(dir);
    return segment.lastSequence();
  }

  /**
   * From now on nothing is deleted; waits for a deletion under way. A log closed and opened
   * again (a restart in the same process) must not lose files to a late trim of the old one.
   */
  synchronized void close() {
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("[store: " + dir + "] log is closed");
    }
  }
}
