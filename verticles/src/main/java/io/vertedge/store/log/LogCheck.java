package io.vertedge.store.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Offline tools for a log directory, behind {@code vertedge store check|repair --data-dir DIR}.
 * Both are blocking. Check only reads, so it may run beside a live log (whose last batch may
 * then show as a torn tail); repair takes the log's lock and refuses while the log is open.
 */
public final class LogCheck {

  private LogCheck() {
  }

  /** Lists every problem, including the torn tail start-up would cut. */
  public static CheckReport check(Path dir) throws IOException {
    return CheckReport.of(LogScan.of(existing(dir)));
  }

  /**
   * Moves damaged segment files into {@code dir/damaged-<UTC time>/} with a README.txt, writes
   * their valid records back, and leaves a log that starts. Never deletes anything. Leaves a
   * log written by a newer vertedge alone.
   */
  public static RepairReport repair(Path dir) throws IOException {
    return LogRepair.repair(existing(dir));
  }

  private static Path existing(Path dir) throws NoSuchFileException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no log directory here");
    }
    return dir;
  }
}
