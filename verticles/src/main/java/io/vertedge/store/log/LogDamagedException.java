package io.vertedge.store.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The log cannot be used as it is: damage that start-up must not guess about, or a format
 * newer than this vertedge reads. The message names the first problem's file, byte offset
 * and kind, and what to run next.
 */
public final class LogDamagedException extends IOException {

  private final transient List<LogProblem> problems;

  public LogDamagedException(Path dir, List<LogProblem> problems) {
    super(message(dir, problems));
    this.problems = List.copyOf(problems);
  }

  public List<LogProblem> problems() {
    return problems;
  }

  private static String message(Path dir, List<LogProblem> problems) {
    LogProblem first = problems.stream().filter(p -> p.kind() == LogProblem.Kind.NEWER_FORMAT).findFirst()
        .orElse(problems.get(0));
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
    if (first.kind() == LogProblem.Kind.NEWER_FORMAT) {
      return "[store: " + dir + "] log cannot be read: " + first.file().getFileName() + " " + first.detail();
    }
    return "[store: " + dir + "] log is damaged: " + first + more + "; run `vertedge store check --data-dir "
        + nodeDataDir(dir) + "`";
  }

  /** The node's data directory when the log lives in its {@code store/}, which is what the command takes. */
  private static Path nodeDataDir(Path logDir) {
    Path parent = logDir.toAbsolutePath().getParent();
    boolean inStore = parent != null && parent.getFileName() != null && "store".equals(parent.getFileName().toString());
    return inStore && parent.getParent() != null ? parent.getParent() : logDir;
  }
}
