package io.vertedge.store.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link LogCheck#check} found in a log directory; {@link #toString()} is the text the
 * command line prints.
 *
 * @param lastSequence the last valid sequence outside a torn tail
 */
public record CheckReport(Path dir, int segments, long firstSequence, long lastSequence, long bytes,
                          List<LogProblem> problems) {

  public CheckReport {
    problems = List.copyOf(problems);
  }

  static CheckReport of(LogScan scan) {
    List<SegmentScan> segments = scan.segments();
    long first = segments.isEmpty() ? 1 : segments.get(0).nameSequence();
    long bytes = segments.stream().mapToLong(SegmentScan::size).sum();
    List<LogProblem> problems = new java.util.ArrayList<>(scan.damage());
    scan.tornTail().ifPresent(problems::add);
    return new CheckReport(scan.dir(), segments.size(), first, scan.lastSequence(), bytes, problems);
  }

  public boolean healthy() {
    return problems.isEmpty();
  }

  /** Whether the log starts as it is: at most a torn tail, which start-up cuts. */
  public boolean startable() {
    return problems.stream().allMatch(problem -> problem.kind() == LogProblem.Kind.TORN_TAIL);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("log ").append(dir).append(": ");
    if (segments == 0) {
      text.append("empty (no segments)\n");
    } else {
      text.append(segments).append(segments == 1 ? " segment, " : " segments, ").append(bytes).append(" bytes, ")
          .append(lastSequence < firstSequence ? "no records" : "sequences " + firstSequence + ".." + lastSequence)
          .append('\n');
    }
    for (LogProblem problem : problems) {
      text.append(String.format(Locale.ROOT, "  %-17s %s%n", label(problem.kind()), problem));
    }
    if (healthy()) {
      text.append("healthy\n");
    } else if (startable()) {
      text.append("starts as it is: start-up cuts the torn tail\n");
    } else if (problems.stream().anyMatch(problem -> problem.kind() == LogProblem.Kind.NEWER_FORMAT)) {
      text.append("written by a newer vertedge: run that version; repair leaves it alone\n");
    } else {
      text.append("start-up refuses this log; `vertedge store repair --data-dir ").append(dir)
          .append("` moves the damaged parts aside and keeps every valid record\n");
    }
    return text.toString();
  }

  private static String label(LogProblem.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
