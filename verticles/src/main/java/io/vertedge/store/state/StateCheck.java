package io.vertedge.store.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a data directory's state store and moves a damaged one aside, for the command line
 * ({@code vertedge store check}). Never deletes: a damaged store may still hold what someone
 * wants back, or what a bug report needs. Blocking; the store must not be open.
 */
public final class StateCheck {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The outcome of a check: no problem when the store is readable and consistent, or absent. */
  public record Report(Path file, Optional<String> problem) {

    public boolean healthy() {
      return problem.isEmpty();
    }
  }

  private StateCheck() { }

  /**
   * Opens the store and reads all of it.
   *
   * @throws StateStoreException when the store is locked or of a newer format: neither is damage
   */
  public static Report check(Path dataDir) {
    Path file = dataDir.resolve(MapDbStateStore.FILE_NAME);
    if (!Files.exists(file)) {
      return new Report(file, Optional.empty());
    }
    try (MapDbStateStore store = MapDbStateStore.open(dataDir, StateMetrics.noop())) {
      return new Report(file, store.inconsistency());
    } catch (StateStoreException e) {
      if (e.reason() != StateStoreException.Reason.DAMAGED) {
        throw e;
      }
      return new Report(file, Optional.of(StateStoreException.brief(e.getCause())));
    }
  }

  /**
   * Moves a damaged store (with its write-ahead log files) into {@code <dataDir>/damaged-<UTC
   * time>/} with a README.txt saying what happened; the next start creates an empty store.
   *
   * @return the folder it was moved to; empty when the store is healthy and nothing was moved
   * @throws StateStoreException when the store is locked or of a newer format
   */
  public static Optional<Path> repair(Path dataDir) {
    Report report = check(dataDir);
    if (report.healthy()) {
      return Optional.empty();
    }
    try {
      Path aside = createAsideFolder(dataDir);
      for (Path part : storeFiles(dataDir)) {
        Files.move(part, aside.resolve(part.getFileName()));
      }
      Files.writeString(aside.resolve("README.txt"), readme(report), StandardCharsets.UTF_8);
      return Optional.of(aside);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the damaged state store " + report.file() + " aside", e);
    }
  }

  private static Path createAsideFolder(Path dataDir) throws IOException {
    String name = "damaged-" + STAMP.format(Instant.now());
    for (int attempt = 1; ; attempt++) {
      try {
        return Files.createDirectory(dataDir.resolve(attempt == 1 ? name : name + "-" + attempt));
      } catch (FileAlreadyExistsException e) {
        // a repair in the same second: keep both
      }
    }
  }

  private static List<Path> storeFiles(Path dataDir) throws IOException {
    List<Path> files = new ArrayList<>();
    String name = MapDbStateStore.FILE_NAME;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(dataDir, "{" + name + "," + name + StoreFile.WAL_INFIX + "*}")) {
      parts.forEach(files::add);
    }
    return files;
  }

  private static String readme(Report report) {
    return """
        This folder holds a vertedge state store that could not be read. vertedge's store
        repair moved it here from %s on %s; it deletes nothing.

        Problem: %s

        The next start creates an empty state store, and the edge gets its state again from
        the cloud when it reconnects. Keep these files for a bug report, or delete this folder
        when you no longer need them. To try the old store again, stop vertedge and move the
        state.db files back.
        """.formatted(report.file().getParent(), Instant.now(), report.problem().orElseThrow());
  }
}
