package io.vertedge.store.log;

import io.vertedge.store.log.LogProblem.Kind;
import io.vertedge.store.log.SegmentFiles.SegmentFile;
import io.vertedge.store.log.SegmentScan.BadSpot;
import io.vertedge.store.log.SegmentScan.Run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads every segment of a log directory in order and sorts what is wrong into the one thing
 * start-up may fix by itself, a torn tail, and damage, which needs an operator. Open, check and
 * repair all judge a log through this one class, so they never disagree.
 */
final class LogScan {

  private final Path dir;
  private final List<SegmentScan> segments = new ArrayList<>();
  private final List<LogProblem> damage = new ArrayList<>();
  private LogProblem tornTail;
  private long lastSequence;
  /** The segment before, when its last bytes were invalid: the sequences they held are unknown. */
  private String damagedEndOf;

  private LogScan(Path dir) {
    this.dir = dir;
  }

  static LogScan of(Path dir) throws IOException {
    LogScan scan = new LogScan(dir);
    List<SegmentFile> files = SegmentFiles.list(dir);
    scan.lastSequence = files.isEmpty() ? 0 : files.get(0).firstSequence() - 1;
    for (int i = 0; i < files.size(); i++) {
      scan.add(SegmentScanner.scan(files.get(i), scan.lastSequence), i == files.size() - 1);
    }
    return scan;
  }

  Path dir() {
    return dir;
  }

  List<SegmentScan> segments() {
    return segments;
  }

  /** Problems that keep the log from starting. */
  List<LogProblem> damage() {
    return damage;
  }

  Optional<LogProblem> tornTail() {
    return Optional.ofNullable(tornTail);
  }

  boolean newerFormat() {
    return damage.stream().anyMatch(problem -> problem.kind() == Kind.NEWER_FORMAT);
  }

  /** The last valid sequence outside a torn tail; the first segment's name minus one when none. */
  long lastSequence() {
    return lastSequence;
  }

  /** Where the valid part of {@code segment} ends: at the torn tail, or at its end. */
  long keptEnd(SegmentScan segment) {
    boolean torn = tornTail != null && tornTail.file().equals(segment.file().path());
    return torn ? tornTail.offset() : segment.size();
  }

  /** The runs of {@code segment} before a torn tail. */
  List<Run> keptRuns(SegmentScan segment) {
    long keptEnd = keptEnd(segment);
    return segment.runs().stream().filter(run -> run.end() <= keptEnd).toList();
  }

  private void add(SegmentScan segment, boolean last) {
    segments.add(segment);
    if (segment.newerFormat()) {
      damage.add(problem(Kind.NEWER_FORMAT, segment, 0, segment.headerProblem()));
      return;
    }
    if (!segment.headerUsable()) {
      if (last && segment.header() == null && segment.size() < SegmentHeader.SIZE) {
        tornTail = problem(Kind.TORN_TAIL, segment, 0, "torn segment header of " + segment.size()
            + " bytes (the segment was being created); start-up writes it anew");
      } else {
        damage.add(problem(Kind.BAD_HEADER, segment, 0, segment.headerProblem()));
      }
    }
    if (segment.nameSequence() <= lastSequence) {
      damage.add(problem(Kind.BAD_HEADER, segment, 0, "named for sequence " + segment.nameSequence()
          + ", but the segment before already holds up to " + lastSequence));
    } else if (segment.runs().isEmpty() && segment.nameSequence() > lastSequence + 1 && !segment.followsGap()) {
      missingBefore(segment, 0, segment.nameSequence());
    }
    if (last) {
      findTornTail(segment);
    }
    long keptEnd = keptEnd(segment);
    for (Run run : segment.runs()) {
      if (run.end() > keptEnd) {
        break;
      }
      if (run.firstSequence() > lastSequence + 1 && !followsBadSpot(segment, run)) {
        boolean declared = run.start() == SegmentHeader.SIZE && run.firstSequence() == segment.nameSequence()
            && segment.followsGap();
        if (!declared) {
          missingBefore(segment, run.start(), run.firstSequence());
        }
      }
      lastSequence = run.lastSequence();
    }
    for (BadSpot spot : segment.badSpots()) {
      if (spot.start() < keptEnd) {
        damage.add(problem(Kind.DAMAGED_RECORDS, segment, spot.start(), describe(segment, spot)));
      }
    }
    if (segment.runs().isEmpty() && segment.nameSequence() > lastSequence) {
      // an empty segment still says which sequence comes next
      lastSequence = segment.nameSequence() - 1;
    }
    List<BadSpot> spots = segment.badSpots();
    boolean endsDamaged = !spots.isEmpty() && spots.get(spots.size() - 1).end() == segment.size();
    damagedEndOf = endsDamaged ? segment.name() : null;
  }

  /**
   * In the last segment, the first invalid bytes that no later batch follows are a torn tail:
   * records after a COMMIT record were written only once the batch before was forced, so
   * without such a record everything from here on belongs to the write that was interrupted.
   */
  private void findTornTail(SegmentScan segment) {
    if (tornTail != null) {
      return;
    }
    for (BadSpot spot : segment.badSpots()) {
      List<Run> after = segment.runs().stream().filter(run -> run.start() >= spot.end()).toList();
      if (!laterBatchFollows(after)) {
        tornTail = problem(Kind.TORN_TAIL, segment, spot.start(), "torn tail of " + (segment.size() - spot.start())
            + " bytes (" + spot.reason() + "): an interrupted write, cut at start-up");
        return;
      }
    }
  }

  private static boolean laterBatchFollows(List<Run> runs) {
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (run.hasCommit()) {
        return run.firstCommitEnd() < run.end() || i < runs.size() - 1;
      }
    }
    return false;
  }

  private static boolean followsBadSpot(SegmentScan segment, Run run) {
    return segment.badSpots().stream().anyMatch(spot -> spot.end() == run.start());
  }

  private void missingBefore(SegmentScan segment, long offset, long nextSequence) {
    String range = sequences(lastSequence + 1, nextSequence - 1);
    String detail = damagedEndOf != null
        ? range + " lost in the invalid bytes at the end of " + damagedEndOf
        : range + " missing: no segment holds them (was a segment file removed?)";
    damage.add(problem(Kind.MISSING_SEQUENCES, segment, offset, detail));
  }

  private static String describe(SegmentScan segment, BadSpot spot) {
    Optional<Run> resume = segment.runs().stream().filter(run -> run.start() == spot.end()).findFirst();
    String where = spot.length() + " invalid bytes (" + spot.reason() + ") after sequence " + spot.sequenceBefore();
    return resume.map(run -> where + "; valid records resume at sequence " + run.firstSequence() + ", so "
            + sequences(spot.sequenceBefore() + 1, run.firstSequence() - 1) + " lost")
        .orElse(where + ", up to the end of the segment");
  }

  /** "sequence 5 is" or "sequences 5..7 are", for messages. */
  static String sequences(long first, long last) {
    return first == last ? "sequence " + first + " is" : "sequences " + first + ".." + last + " are";
  }

  private static LogProblem problem(Kind kind, SegmentScan segment, long offset, String detail) {
    return new LogProblem(kind, segment.file().path(), offset, detail);
  }
}
