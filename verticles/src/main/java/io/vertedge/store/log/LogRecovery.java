package io.vertedge.store.log;

import io.vertedge.store.log.SegmentScan.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up of a log directory: refuses damage, cuts a torn tail, and hands the writer the last
 * segment positioned after its last valid record.
 */
final class LogRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

  private LogRecovery() {
  }

  /** The segments found, and the last one open for writing at its end. */
  record Recovered(List<Segment> segments, FileChannel activeChannel) {
  }

  static Recovered recover(Path dir) throws IOException {
    LogScan scan = LogScan.of(dir);
    if (!scan.damage().isEmpty()) {
      throw new LogDamagedException(dir, scan.damage());
    }
    List<Segment> segments = new ArrayList<>();
    for (SegmentScan segment : scan.segments()) {
      segments.add(toSegment(segment, scan));
    }
    if (segments.isEmpty()) {
      FileChannel channel = SegmentFiles.create(dir, 1, false);
      LOG.info("[store: {}] log created", dir);
      return new Recovered(List.of(Segment.empty(1, dir.resolve(SegmentFiles.name(1)))), channel);
    }
    Segment last = segments.get(segments.size() - 1);
    FileChannel channel = FileChannel.open(last.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (scan.tornTail().isPresent()) {
        cut(channel, scan.tornTail().get(), last.firstSequence(), dir);
      }
      channel.position(last.durableBytes());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    LOG.info("[store: {}] log opened: {} segments, sequences {}..{}", dir, segments.size(),
        segments.get(0).firstSequence(), last.lastSequence());
    return new Recovered(segments, channel);
  }

  private static Segment toSegment(SegmentScan segment, LogScan scan) {
    List<Run> runs = scan.keptRuns(segment);
    long keptEnd = Math.max(scan.keptEnd(segment), SegmentHeader.SIZE);
    if (runs.isEmpty()) {
      return new Segment(segment.nameSequence(), segment.file().path(), keptEnd, segment.nameSequence() - 1,
          Segment.NO_RECORD);
    }
    return new Segment(segment.nameSequence(), segment.file().path(), keptEnd, runs.get(runs.size() - 1).lastSequence(),
        runs.get(0).firstTimestamp());
  }

  private static void cut(FileChannel channel, LogProblem torn, long firstSequence, Path dir) throws IOException {
    long size = channel.size();
    if (torn.offset() < SegmentHeader.SIZE) {
      channel.truncate(0);
      SegmentFiles.writeHeader(channel, firstSequence, false);
    } else {
      channel.truncate(torn.offset());
      channel.force(true);
    }
    LOG.warn("[store: {}] log: cut {} bytes of a torn tail from {}", dir, size - torn.offset(),
        torn.file().getFileName());
  }
}
