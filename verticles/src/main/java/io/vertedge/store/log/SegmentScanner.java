package io.vertedge.store.log;

import io.vertedge.store.log.SegmentFiles.SegmentFile;
import io.vertedge.store.log.SegmentScan.BadSpot;
import io.vertedge.store.log.SegmentScan.Run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one segment file from start to end and tells valid records from invalid bytes. After
 * invalid bytes it looks at every following offset for a valid record again, so damage in the
 * middle of a file is told from a torn end, and a repair can keep what follows the damage.
 */
final class SegmentScanner {

  private static final int WINDOW = 256 << 10;

  private final WindowedReader reader;
  private final long size;
  // the record last probed; fields rather than an object per record
  private long sequence;
  private long timestamp;
  private long end;
  private boolean commit;
  private String problem;

  private SegmentScanner(WindowedReader reader, long size) {
    this.reader = reader;
    this.size = size;
  }

  /** Scans {@code file}; {@code sequenceBefore} is the last valid sequence of the segments before it. */
  static SegmentScan scan(SegmentFile file, long sequenceBefore) throws IOException {
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      long size = channel.size();
      SegmentScanner scanner = new SegmentScanner(new WindowedReader(channel, WINDOW), size);
      if (size < SegmentHeader.SIZE) {
        String problem = "only " + size + " bytes, shorter than the " + SegmentHeader.SIZE + "-byte segment header";
        return new SegmentScan(file, size, null, problem, false, List.of(), List.of());
      }
      SegmentHeader header = null;
      String headerProblem = null;
      try {
        int at = scanner.reader.fill(0, SegmentHeader.SIZE, size);
        header = SegmentHeader.decode(scanner.reader.window().slice(at, SegmentHeader.SIZE));
        if (header.firstSequence() != file.firstSequence()) {
          headerProblem = "the header says the first sequence is " + header.firstSequence() + ", the file name says "
              + file.firstSequence();
        }
      } catch (SegmentHeader.Unreadable e) {
        if (e.newerFormat()) {
          return new SegmentScan(file, size, null, e.getMessage(), true, List.of(), List.of());
        }
        headerProblem = e.getMessage();
      }
      List<Run> runs = new ArrayList<>();
      List<BadSpot> badSpots = new ArrayList<>();
      scanner.records(sequenceBefore, runs, badSpots);
      return new SegmentScan(file, size, header, headerProblem, false, runs, badSpots);
    }
  }

  private void records(long sequenceBefore, List<Run> runs, List<BadSpot> badSpots) throws IOException {
    long offset = SegmentHeader.SIZE;
    long previous = sequenceBefore;
    RunBuilder run = null;
    while (offset < size) {
      if (probe(offset, previous, Long.MAX_VALUE, false)) {
        if (run == null || sequence != previous + 1) {
          closeRun(run, runs);
          run = new RunBuilder(offset, sequence, timestamp);
        }
        run.add(sequence, end, commit);
        previous = sequence;
        offset = end;
      } else {
        closeRun(run, runs);
        run = null;
        long resume = resync(offset, previous);
        badSpots.add(new BadSpot(offset, resume, problem, previous));
        offset = resume;
      }
    }
    closeRun(run, runs);
  }

  /** The first offset after {@code badStart} where a plausible next record starts, or the file's end. */
  private long resync(long badStart, long previous) throws IOException {
    String firstProblem = problem;
    for (long offset = badStart + 1; offset + RecordFormat.OVERHEAD <= size; offset++) {
      // invalid bytes can hide at most one record per 24 bytes: a bound on the next sequence
      // that keeps random bytes from passing for a record
      long highest = previous + 1 + (offset - badStart) / RecordFormat.OVERHEAD;
      if (probe(offset, previous, highest, true)) {
        problem = firstProblem;
        return offset;
      }
    }
    problem = firstProblem;
    return size;
  }

  /**
   * Whether a valid record with a sequence in ({@code previous}, {@code highest}] starts at
   * {@code offset}; sets the record fields, or {@link #problem} when not. While resynchronising
   * the cheap sequence check comes before the checksum.
   */
  private boolean probe(long offset, long previous, long highest, boolean resyncing) throws IOException {
    int at = reader.fill(offset, RecordFormat.OVERHEAD, size);
    if (at < 0) {
      problem = "truncated record: " + (size - offset) + " bytes left, a record needs at least " + RecordFormat.OVERHEAD;
      return false;
    }
    ByteBuffer window = reader.window();
    int length = RecordFormat.payloadLength(window, at);
    if (length > RecordFormat.MAX_PAYLOAD || offset + RecordFormat.size(length) > size) {
      problem = "record length " + length + " runs past the end of the file (" + (size - offset) + " bytes left)";
      return false;
    }
    int storedCrc = RecordFormat.storedCrc(window, at);
    sequence = RecordFormat.sequence(window, at);
    timestamp = RecordFormat.timestamp(window, at);
    commit = RecordFormat.commit(window, at);
    end = offset + RecordFormat.size(length);
    if (resyncing && (sequence <= previous || sequence > highest)) {
      return false;
    }
    long covered = RecordFormat.size(length) - RecordFormat.CRC_COVERS_FROM;
    if (reader.crc(offset + RecordFormat.CRC_COVERS_FROM, covered, size) != storedCrc) {
      problem = "checksum mismatch";
      return false;
    }
    if (sequence <= previous) {
      problem = "sequence " + sequence + " out of order after " + previous;
      return false;
    }
    return true;
  }

  private static void closeRun(RunBuilder run, List<Run> runs) {
    if (run != null) {
      runs.add(run.build());
    }
  }

  private static final class RunBuilder {
    private final long start;
    private final long firstSequence;
    private final long firstTimestamp;
    private long lastSequence;
    private long end;
    private long firstCommitEnd = -1;

    RunBuilder(long start, long firstSequence, long firstTimestamp) {
      this.start = start;
      this.firstSequence = firstSequence;
      this.firstTimestamp = firstTimestamp;
    }

    void add(long sequence, long recordEnd, boolean commit) {
      lastSequence = sequence;
      end = recordEnd;
      if (commit && firstCommitEnd < 0) {
        firstCommitEnd = recordEnd;
      }
    }

    Run build() {
      return new Run(start, end, firstSequence, lastSequence, firstTimestamp, firstCommitEnd);
    }
  }
}
