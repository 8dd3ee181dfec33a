package io.vertedge.store.log;

import io.vertedge.store.log.SegmentScan.Run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a damaged log start again while keeping every valid record. Each segment that is not
 * intact is moved aside unchanged and its valid runs are written back as segments of their own;
 * where sequences are lost, the segment after the loss is marked FOLLOWS_GAP. Sequences seen in
 * damaged files are never handed out again, since a receiver may already know them. Torn tails
 * stay: start-up cuts them as it always does.
 */
final class LogRepair {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final LogScan scan;
  private final List<SegmentScan> moved = new ArrayList<>();
  private final List<Rewrite> rewrites = new ArrayList<>();
  private final List<String> actions = new ArrayList<>();
  private final List<String> lost = new ArrayList<>();
  private long keptLast;
  private long highestSeen;

  /** A valid run of a moved file, written back as the segment named by its first sequence. */
  private record Rewrite(SegmentScan from, Run run, boolean followsGap) {
  }

  private LogRepair(LogScan scan) {
    this.scan = scan;
  }

  static RepairReport repair(Path dir) throws IOException {
    try (DirectoryLock ignored = DirectoryLock.acquire(dir)) {
      LogScan scan = LogScan.of(dir);
      CheckReport before = CheckReport.of(scan);
      if (scan.newerFormat()) {
        return new RepairReport(before, null, List.of(), "written by a newer vertedge: run that version");
      }
      if (scan.damage().isEmpty()) {
        return new RepairReport(before, null, List.of(), null);
      }
      LogRepair repair = new LogRepair(scan);
      repair.plan();
      Path aside = repair.apply(Instant.now());
      return new RepairReport(before, aside, repair.actions, null);
    }
  }

  private void plan() {
    List<SegmentScan> segments = scan.segments();
    keptLast = segments.get(0).nameSequence() - 1;
    highestSeen = keptLast;
    for (SegmentScan segment : segments) {
      List<Run> runs = scan.keptRuns(segment);
      if (!runs.isEmpty()) {
        highestSeen = Math.max(highestSeen, runs.get(runs.size() - 1).lastSequence());
      } else if (!segment.headerUsable() && segment.size() > SegmentHeader.SIZE) {
        // records we cannot read used sequences from the name on, at most one per 24 bytes
        long atMost = (segment.size() - SegmentHeader.SIZE) / RecordFormat.OVERHEAD;
        highestSeen = Math.max(highestSeen, segment.nameSequence() - 1 + atMost);
      }
      if (intact(segment, runs)) {
        keptLast = runs.isEmpty() ? Math.max(keptLast, segment.nameSequence() - 1) : runs.get(runs.size() - 1).lastSequence();
      } else {
        moveAside(segment, runs);
      }
    }
  }

  private boolean intact(SegmentScan segment, List<Run> runs) {
    boolean tornWhole = scan.tornTail().filter(t -> t.file().equals(segment.file().path()) && t.offset() == 0).isPresent();
    if (tornWhole) {
      return true;
    }
    long first = runs.isEmpty() ? segment.nameSequence() : runs.get(0).firstSequence();
    boolean shapeIntact = segment.headerUsable() && segment.nameSequence() > keptLast
        && (runs.isEmpty()
            ? scan.keptEnd(segment) == SegmentHeader.SIZE
            : runs.size() == 1 && runs.get(0).start() == SegmentHeader.SIZE && first == segment.nameSequence()
              && runs.get(0).end() == scan.keptEnd(segment));
    return shapeIntact && (first == keptLast + 1 || segment.followsGap());
  }

  private void moveAside(SegmentScan segment, List<Run> runs) {
    moved.add(segment);
    List<String> kept = new ArrayList<>();
    for (Run run : runs) {
      boolean gap = run.firstSequence() > keptLast + 1;
      if (gap) {
        lost.add(LogScan.sequences(keptLast + 1, run.firstSequence() - 1));
      }
      rewrites.add(new Rewrite(segment, run, gap));
      kept.add(run.firstSequence() + ".." + run.lastSequence() + " as " + SegmentFiles.name(run.firstSequence()));
      keptLast = run.lastSequence();
    }
    String why = scan.damage().stream().filter(p -> p.file().equals(segment.file().path()))
        .map(p -> "at byte " + p.offset() + ": " + p.detail()).reduce((a, b) -> a + "; " + b).orElse("");
    actions.add("moved " + segment.name() + " aside (" + why + ")"
        + (kept.isEmpty() ? "; none of its records could be kept" : "; kept sequences " + String.join(", ", kept)));
  }

  private Path apply(Instant now) throws IOException {
    Path dir = scan.dir();
    Path aside = createAsideDirectory(dir, now);
    for (SegmentScan segment : moved) {
      Files.move(segment.file().path(), aside.resolve(segment.name()), StandardCopyOption.ATOMIC_MOVE);
    }
    SegmentFiles.forceDirectory(dir);
    for (Rewrite rewrite : rewrites) {
      copyRun(aside.resolve(rewrite.from().name()), rewrite, dir);
    }
    if (highestSeen > keptLast) {
      long next = highestSeen + 1;
      SegmentFiles.create(dir, next, true).close();
      lost.add(LogScan.sequences(keptLast + 1, highestSeen));
      actions.add("created " + SegmentFiles.name(next) + " so that the log continues at " + next
          + " and never hands out a sequence it may have handed out before");
    }
    lost.forEach(range -> actions.add(range + " lost"));
    Files.writeString(aside.resolve("README.txt"), readme(dir, now));
    SegmentFiles.forceDirectory(dir);
    SegmentFiles.forceDirectory(aside);
    return aside;
  }

  private static void copyRun(Path source, Rewrite rewrite, Path dir) throws IOException {
    Run run = rewrite.run();
    String name = SegmentFiles.name(run.firstSequence());
    Path partial = dir.resolve(name + ".repairing");
    try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ);
         FileChannel to = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SegmentFiles.writeHeader(to, run.firstSequence(), rewrite.followsGap());
      long done = 0;
      while (done < run.end() - run.start()) {
        done += from.transferTo(run.start() + done, run.end() - run.start() - done, to);
      }
      to.force(true);
    }
    Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path createAsideDirectory(Path dir, Instant now) throws IOException {
    String base = "damaged-" + STAMP.format(now);
    Path aside = dir.resolve(base);
    for (int n = 2; Files.exists(aside); n++) {
      aside = dir.resolve(base + "-" + n);
    }
    return Files.createDirectory(aside);
  }

  private String readme(Path dir, Instant now) {
    StringBuilder text = new StringBuilder()
        .append("Moved here by `vertedge store repair` on ").append(now.truncatedTo(ChronoUnit.SECONDS)).append(" from ").append(dir).append(".\n")
        .append("Nothing was deleted: the files here are the originals, byte for byte. Every valid record\n")
        .append("they held was written back to the log; the rest is what start-up could not trust.\n\n");
    actions.forEach(action -> text.append("- ").append(action).append('\n'));
    return text.toString();
  }
}
