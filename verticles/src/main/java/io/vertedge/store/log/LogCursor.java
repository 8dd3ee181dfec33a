package io.vertedge.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads records of a {@link SegmentLog} in sequence order, from a given sequence up to what
 * is durable. Blocking file IO: use it on a worker, never on an event loop. Appends may go on
 * while it reads; a cursor that has caught up returns {@code null} and finds the records
 * appended since on a later call. Not thread-safe: one cursor per reader.
 */
public final class LogCursor implements AutoCloseable {

  private static final int WINDOW = 64 << 10;

  private final Path dir;
  private final Segments segments;
  private final long fromSequence;
  private final byte[] header = new byte[RecordFormat.OVERHEAD];
  private final CRC32C crc = new CRC32C();
  private Segment segment;
  private FileChannel channel;
  private WindowedReader reader;
  private long offset;

  LogCursor(Path dir, Segments segments, long fromSequence) throws IOException {
    this.dir = dir;
    this.segments = segments;
    this.fromSequence = fromSequence;
    open(segments.holding(fromSequence));
  }

  /**
   * The next durable record at or after the starting sequence, or {@code null} when there is
   * none yet. Sequences are contiguous except where a repair moved damaged records aside.
   */
  public LogRecord next() throws IOException {
    while (true) {
      long limit = segment.durableBytes();
      if (offset < limit) {
        LogRecord record = readAt(limit);
        if (record != null) {
          return record;
        }
        continue;
      }
      Segment following = segments.after(segment);
      if (following == null) {
        return null;
      }
      // the writer finishes a segment before it starts the next: look once more
      if (offset >= segment.durableBytes()) {
        channel.close();
        open(following);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void open(Segment next) throws IOException {
    segment = next;
    channel = FileChannel.open(next.file(), StandardOpenOption.READ);
    reader = new WindowedReader(channel, WINDOW);
    offset = SegmentHeader.SIZE;
  }

  /** Reads the record at {@link #offset} and moves past it; null when it is before the start. */
  private LogRecord readAt(long limit) throws IOException {
    int at = reader.fill(offset, RecordFormat.OVERHEAD, limit);
    if (at < 0) {
      throw damaged("a record header runs past the durable end at byte " + limit);
    }
    ByteBuffer window = reader.window();
    window.get(at, header);
    int length = RecordFormat.payloadLength(window, at);
    long sequence = RecordFormat.sequence(window, at);
    long end = offset + RecordFormat.size(length);
    if (end > limit) {
      throw damaged("record length " + length + " runs past the durable end at byte " + limit);
    }
    if (sequence < fromSequence) {
      offset = end;
      return null;
    }
    byte[] payload = new byte[length];
    reader.read(offset + RecordFormat.OVERHEAD, payload, limit);
    crc.reset();
    crc.update(header, RecordFormat.CRC_COVERS_FROM, RecordFormat.OVERHEAD - RecordFormat.CRC_COVERS_FROM);
    crc.update(payload, 0, length);
    ByteBuffer fields = ByteBuffer.wrap(header);
    if ((int) crc.getValue() != fields.getInt(0)) {
      throw damaged("checksum mismatch in the record of sequence " + sequence);
    }
    offset = end;
    return new LogRecord(sequence, fields.getLong(16), payload);
  }

  private LogDamagedException damaged(String detail) {
    return new LogDamagedException(dir, List.of(new LogProblem(LogProblem.Kind.DAMAGED_RECORDS, segment.file(),
        offset, detail)));
  }
}
