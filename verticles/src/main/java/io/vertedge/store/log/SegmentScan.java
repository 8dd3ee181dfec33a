package io.vertedge.store.log;

import io.vertedge.store.log.SegmentFiles.SegmentFile;

import java.util.List;

/**
 * What reading one segment file found: its header (or why it is unusable), the runs of valid
 * records with contiguous sequences, and the spots of invalid bytes between them.
 */
record SegmentScan(SegmentFile file, long size, SegmentHeader header, String headerProblem, boolean newerFormat,
                   List<Run> runs, List<BadSpot> badSpots) {

  /** Records with contiguous sequences between two byte offsets. */
  record Run(long start, long end, long firstSequence, long lastSequence, long firstTimestamp, long firstCommitEnd) {

    boolean hasCommit() {
      return firstCommitEnd >= 0;
    }
  }

  /** Bytes that hold no valid record, and the first reason found. */
  record BadSpot(long start, long end, String reason, long sequenceBefore) {

    long length() {
      return end - start;
    }
  }

  String name() {
    return file.path().getFileName().toString();
  }

  long nameSequence() {
    return file.firstSequence();
  }

  boolean headerUsable() {
    return headerProblem == null;
  }

  boolean followsGap() {
    return header != null && headerProblem == null && header.followsGap();
  }
}
