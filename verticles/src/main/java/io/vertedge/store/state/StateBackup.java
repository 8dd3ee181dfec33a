package io.vertedge.store.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of {@code state.db} as of a commit, {@code state.db.backup}, and the way back to it.
 * The store's commits are not forced ({@link StoreFile}), and MapDB 3.1.0 copies a commit into
 * its file in place and never replays its write-ahead log: after a crash or a power cut the file
 * may hold part of a commit, or records pointing at data never written ({@code
 * PointerChecksumBroken}, seen in {@code StateCrashTest}), and no replay of our own could repair
 * that. So {@code state.db.open} ({@value #OPEN_NAME}) exists while a store is open and goes
 * only after a clean close has forced the file: finding it on open means the last run did not
 * close, and the store starts again from the backup; the state logs, which hold every write
 * since the backup, apply the rest. (Builds before the sign left MapDB's {@code state.db.wal.N}
 * while a transaction was open: that means the same.)
 *
 * <p>So a log that commits its position into the store as a mark may let go only of what lies
 * at or below that mark as the backup holds it ({@link #mark}). Backups are taken every
 * {@link #INTERVAL_NANOS} after a commit, and whenever a writer asks.
 */
final class StateBackup {

  static final String FILE_NAME = MapDbStateStore.FILE_NAME + ".backup";
  /** Where the file a restore replaced is kept (the newest only), for a bug report. */
  static final String REPLACED_NAME = MapDbStateStore.FILE_NAME + ".unclean";
  /** Present while the store is open: the sign of a run that did not close it. */
  static final String OPEN_NAME = MapDbStateStore.FILE_NAME + ".open";
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final Logger log = LoggerFactory.getLogger(StateBackup.class);

  private final Path dataDir;
  private final Path storeFile;
  private volatile Map<String, Long> marks = Map.of();
  private volatile long takenNanos = System.nanoTime();

  StateBackup(Path dataDir, Path storeFile) {
    this.dataDir = dataDir;
    this.storeFile = storeFile;
  }

  /**
   * Copies the store file to the backup, durably (a crash meanwhile leaves the previous backup
   * whole); the caller keeps batches out, and passes the marks the file holds.
   */
  void take(Map<String, Long> committedMarks) throws IOException {
    copyDurably(storeFile, dataDir.resolve(FILE_NAME));
    marks = Map.copyOf(committedMarks);
    takenNanos = System.nanoTime();
  }

  boolean exists() {
    return Files.exists(dataDir.resolve(FILE_NAME));
  }

  boolean due() {
    return System.nanoTime() - takenNanos >= INTERVAL_NANOS;
  }

  /** The mark as the newest backup of this run holds it; 0 before the first. */
  long mark(String name) {
    return marks.getOrDefault(name, 0L);
  }

  /**
   * Before MapDB opens the store: if the last run did not close it (or an older build left a
   * transaction open) and a backup exists, puts the backup in the store file's place (the file
   * it replaces is kept as {@value #REPLACED_NAME}). Then marks the store open, durably, before
   * anything can write to the file.
   *
   * @return whether the last run closed the store cleanly (then the sign is this open's own)
   */
  static boolean restoreIfUnclean(Path dataDir, Path storeFile) throws IOException {
    Path openSign = dataDir.resolve(OPEN_NAME);
    List<Path> openTransaction = writeAheadLogs(dataDir, storeFile);
    Path backup = dataDir.resolve(FILE_NAME);
    boolean unclean = Files.exists(openSign) || !openTransaction.isEmpty();
    boolean restore = unclean && Files.exists(backup);
    if (restore) {
      if (Files.exists(storeFile)) {
        Files.move(storeFile, dataDir.resolve(REPLACED_NAME), StandardCopyOption.REPLACE_EXISTING);
      }
      copyDurably(backup, storeFile);
      log.warn("[store: {}] the last run did not close the state store: it starts again from its backup of {} (the "
          + "file it replaces is kept as {}); the state log applies what came after", dataDir,
          Files.getLastModifiedTime(backup), REPLACED_NAME);
    }
    for (Path wal : openTransaction) {
      Files.delete(wal);
    }
    if (!Files.exists(openSign)) {
      Files.createFile(openSign);
    }
    force(dataDir);
    return !unclean;
  }

  /** After a clean close (or an open that failed after a clean one): forces the store file, then removes the sign. */
  static void closed(Path dataDir, Path storeFile) throws IOException {
    if (Files.exists(storeFile)) {
      force(storeFile);
    }
    Files.deleteIfExists(dataDir.resolve(OPEN_NAME));
    force(dataDir);
  }

  /** Copies through a temporary file, forced and renamed: a crash meanwhile leaves {@code to} as it was. */
  private static void copyDurably(Path from, Path to) throws IOException {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
    force(partial);
    Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    force(to.getParent());
  }

  private static List<Path> writeAheadLogs(Path dataDir, Path storeFile) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> wal = Files.newDirectoryStream(dataDir, storeFile.getFileName() + StoreFile.WAL_INFIX + "*")) {
      wal.forEach(found::add);
    }
    return found;
  }

  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ
        : StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
