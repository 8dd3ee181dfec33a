package io.vertedge.store.log;

/** One record read back from a {@link SegmentLog}. */
public record LogRecord(long sequence, long timestampMillis, byte[] payload) {
}
