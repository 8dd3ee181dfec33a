package io.vertedge.store.log;

import java.nio.file.Path;

/**
 * One thing wrong in a log directory: where (file and byte offset) and what, in words an
 * operator can act on.
 */
public record LogProblem(Kind kind, Path file, long offset, String detail) {

  /** What kind of problem; only {@link #TORN_TAIL} lets the log start. */
  public enum Kind {
    /** The end of the last segment holds an interrupted write; start-up cuts it. */
    TORN_TAIL,
    /** Invalid bytes with valid records after them: damage after the data was forced. */
    DAMAGED_RECORDS,
    /** Sequences that no segment holds, as when a segment file was removed. */
    MISSING_SEQUENCES,
    /** A segment header that cannot be trusted. */
    BAD_HEADER,
    /** A segment written by a newer vertedge. */
    NEWER_FORMAT
  }

  @Override
  public String toString() {
    return file.getFileName() + " at byte " + offset + ": " + detail;
  }
}
