package io.vertedge.store;

import io.vertedge.store.log.CheckReport;
import io.vertedge.store.log.LogCheck;
import io.vertedge.store.log.RepairReport;
import io.vertedge.store.state.StateCheck;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code vertedge store check|repair} over a whole data directory: every log under
 * {@code <data>/store} (the edge's {@code outbox}, the cloud's {@code inbound}, and on both sides
 * the {@code state-log} of state writes not yet in the state store) and the state store.
 * Blocking; the node must be stopped (the store's locks say so otherwise).
 */
public final class StoreCheck {

  /** Logs a data directory may hold, by the side that writes them. */
  static final List<String> LOGS = List.of("outbox", "outbox-drop-oldest", "inbound", "state-log");

  private StoreCheck() { }

  /** Prints what it finds; true when everything is healthy (or absent). */
  public static boolean check(Path dataDir, PrintWriter out) throws IOException {
    Path store = dataDir.resolve("store");
    boolean healthy = true;
    for (Path log : logs(store)) {
      CheckReport report = LogCheck.check(log);
      out.println("log " + log.getFileName() + ": " + report);
      healthy &= report.healthy();
    }
    StateCheck.Report state = StateCheck.check(store.resolve("state"));
    out.println("state " + state.file() + ": " + state.problem().map(problem -> "DAMAGED: " + problem).orElse("healthy"));
    healthy &= state.healthy();
    out.println(healthy ? "store is healthy" : "store has problems; `vertedge store repair --data-dir " + dataDir
        + "` moves the damaged parts aside (it never deletes)");
    return healthy;
  }

  /** Moves damaged parts aside and prints what it did; false when a repair was refused. */
  public static boolean repair(Path dataDir, PrintWriter out) throws IOException {
    Path store = dataDir.resolve("store");
    boolean done = true;
    for (Path log : logs(store)) {
      RepairReport report = LogCheck.repair(log);
      out.println("log " + log.getFileName() + ": " + report);
      done &= !report.refused();
    }
    Optional<Path> movedTo = StateCheck.repair(store.resolve("state"));
    out.println("state: " + movedTo.map(dir -> "damaged, moved aside to " + dir + "; the next start begins empty")
        .orElse("healthy, nothing moved"));
    return done;
  }

  private static List<Path> logs(Path store) {
    return LOGS.stream().map(store::resolve).filter(Files::isDirectory).toList();
  }
}
