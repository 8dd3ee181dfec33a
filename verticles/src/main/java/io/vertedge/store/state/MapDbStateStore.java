package io.vertedge.store.state;

import io.opentelemetry.api.metrics.ObservableLongGauge;
import org.mapdb.DB;
import org.mapdb.DBException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A node's {@link StateStore}: one MapDB file, {@code <data dir>/state.db}, memory-mapped, with
 * MapDB's transactions and their log in memory ({@link StoreFile}). Commits are not forced: a
 * start after a run that did not close the store begins again from {@code state.db.backup}
 * ({@link StateBackup}), and the logs that write here apply what came after ({@code
 * StateCrashTest}). {@code state.lock} keeps a second opener out.
 * Not closed by a JVM shutdown hook: the hub closes it in order, after what writes to it.
 *
 * <p>All methods block (disk); call them from a worker.
 */
public final class MapDbStateStore implements StateStore {

  public static final String FILE_NAME = "state.db";

  private final Path file;
  private final StoreLock storeLock;
  private final DB db;
  private final StateLayout layout;
  private final StateMetrics metrics;
  private final StateBackup backup;
  // MapDB is thread-safe per operation; this lock keeps readers from seeing half a batch
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Long> liveKeys = new ConcurrentHashMap<>();
  private final ObservableLongGauge keysGauge;
  private long lastVersion;
  private final AtomicLong handedOut;
  private boolean closed;
  /** A write failed or the file faulted: the file may be torn, so even a close leaves the store to start from its backup. */
  private volatile boolean suspect;

  private MapDbStateStore(Path file, StoreLock storeLock, DB db, StateLayout layout, StateMetrics metrics) {
    this.file = file;
    this.storeLock = storeLock;
    this.db = db;
    this.layout = layout;
    this.metrics = metrics;
    this.backup = new StateBackup(file.getParent(), file);
    this.lastVersion = layout.meta.get(StateLayout.LAST_VERSION);
    this.handedOut = new AtomicLong(lastVersion);
    layout.forEachEntry((map, key, stored) -> {
      if (!StateLayout.isTombstone(stored)) {
        liveKeys.merge(map, 1L, Long::sum);
      }
    });
    this.keysGauge = metrics.observeKeys(() -> liveKeys);
  }

  /**
   * Opens {@code <dataDir>/state.db}, creating it (and the directory) when absent, and
   * migrating a store of an older format.
   *
   * @throws StateStoreException when the file is damaged, of a newer format, or locked
   */
  public static MapDbStateStore open(Path dataDir, StateMetrics metrics) {
    Path file = dataDir.resolve(FILE_NAME);
    StoreLock storeLock;
    try {
      storeLock = StoreLock.acquire(dataDir, file);
    } catch (IOException e) {
      throw StateStoreException.writeFailed(file, e);
    }
    try {
      return open(dataDir, file, storeLock, metrics);
    } catch (RuntimeException e) {
      closeAfterFailure(storeLock, e);
      throw e;
    }
  }

  private static MapDbStateStore open(Path dataDir, Path file, StoreLock storeLock, StateMetrics metrics) {
    boolean exists;
    boolean closedCleanly;
    try {
      closedCleanly = StateBackup.restoreIfUnclean(dataDir, file);
      exists = Files.exists(file);
    } catch (IOException e) {
      throw StateStoreException.writeFailed(file, e);
    }
    try {
      return open(dataDir, file, exists, storeLock, metrics);
    } catch (StateStoreException e) {
      if (closedCleanly && e.reason() != StateStoreException.Reason.WRITE_FAILED) {
        // refused before anything was written: the next open (or a repair) finds the file as it was, not the backup
        closeAfterFailure(() -> StateBackup.closed(dataDir, file), e);
      }
      throw e;
    }
  }

  private static MapDbStateStore open(Path dataDir, Path file, boolean exists, StoreLock storeLock,
                                      StateMetrics metrics) {
    DB db;
    try {
      db = StoreFile.open(file, exists);
    } catch (RuntimeException | InternalError e) {
      throw StateStoreException.damaged(dataDir, file, e);
    }
    try {
      StateLayout layout;
      if (exists) {
        StateFormat.checkAndMigrate(db, file);
        commitOnOpen(db, file);
        layout = StateLayout.open(db);
      } else {
        layout = StateLayout.create(db);
        commitOnOpen(db, file);
      }
      MapDbStateStore store = new MapDbStateStore(file, storeLock, db, layout, metrics);
      if (!store.backup.exists()) {
        // from here on a start after a crash begins from a backup: a new or migrated store has one at once
        store.backup();
      }
      return store;
    } catch (StateStoreException e) {
      closeAfterFailure(db, e);
      throw e;
    } catch (RuntimeException | InternalError e) {
      closeAfterFailure(db, e);
      throw StateStoreException.damaged(dataDir, file, e);
    }
  }

  private static void commitOnOpen(DB db, Path file) {
    try {
      db.commit();
    } catch (RuntimeException | InternalError e) {
      throw StateStoreException.writeFailed(file, e);
    }
  }

  private static void closeAfterFailure(AutoCloseable opened, Throwable failure) {
    try {
      opened.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void apply(Batch batch) {
    if (batch.isEmpty()) {
      return;
    }
    write(() -> {
      long started = System.nanoTime();
      BatchWriter writer = new BatchWriter(layout, lastVersion, handedOut);
      writer.write(batch);
      db.commit();
      layout.versions.apply(writer.moves());
      lastVersion = writer.lastVersion();
      writer.liveKeyChanges().forEach((map, change) -> liveKeys.merge(map, change, Long::sum));
      metrics.committed(System.nanoTime() - started, batch.writes().size());
    });
    if (backup.due()) {
      backup();
    }
  }

  @Override
  public long nextVersion() {
    return handedOut.incrementAndGet();
  }

  @Override
  public Optional<Versioned> get(String map, String key) {
    return read(() -> Optional.ofNullable(layout.entry(map, key)).filter(entry -> !entry.isTombstone()));
  }

  @Override
  public long mark(String name) {
    return read(() -> layout.marks.getOrDefault(name, 0L));
  }

  @Override
  public List<Versioned> entries(String map) {
    return read(() -> {
      List<Versioned> live = new ArrayList<>();
      layout.forEachEntry(map, (ignored, key, stored) -> {
        if (!StateLayout.isTombstone(stored)) {
          live.add(StateLayout.decode(key, stored));
        }
      });
      return live;
    });
  }

  @Override
  public List<Versioned> changedSince(String map, long version, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return read(() -> {
      List<Versioned> changed = new ArrayList<>(Math.min(limit, 1024));
      for (String key : layout.versions.after(map, version).values()) {
        changed.add(layout.entry(map, key));
        if (changed.size() == limit) {
          break;
        }
      }
      return changed;
    });
  }

  @Override
  public long countChangedSince(String map, long version) {
    return read(() -> (long) layout.versions.after(map, version).size());
  }

  @Override
  public long version(String map) {
    return read(() -> layout.mapVersions.getOrDefault(map, 0L));
  }

  @Override
  public void compactTombstones(String map, long belowVersion) {
    write(() -> {
      List<Versioned> tombstones = new ArrayList<>();
      layout.versions.before(map, belowVersion).values().forEach(key -> {
            Versioned entry = layout.entry(map, key);
            if (entry.isTombstone()) {
              tombstones.add(entry);
            }
          });
      tombstones.forEach(tombstone -> layout.forget(map, tombstone.key()));
      if (!tombstones.isEmpty()) {
        db.commit();
        layout.versions.apply(tombstones.stream()
            .map(tombstone -> new VersionIndex.Move(map, tombstone.key(), tombstone.version(), 0)).toList());
      }
    });
  }

  @Override
  public void backup() {
    // the read lock: no batch, and so no commit, runs while the file is copied
    read(() -> {
      try {
        backup.take(layout.marks);
        return null;
      } catch (IOException e) {
        throw StateStoreException.writeFailed(file.resolveSibling(StateBackup.FILE_NAME), e);
      }
    });
  }

  @Override
  public long backedUpMark(String name) {
    return backup.mark(name);
  }

  /** The first inconsistency found by reading the whole store, if any (for {@link StateCheck}). */
  Optional<String> inconsistency() {
    return read(layout::inconsistency);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        keysGauge.close();
        db.close();
        if (!suspect) {
          StateBackup.closed(file.getParent(), file);
        }
        storeLock.close();
      }
    } catch (IOException e) {
      throw StateStoreException.writeFailed(file, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T read(Supplier<T> reader) {
    lock.readLock().lock();
    try {
      checkOpen();
      return reader.get();
    } catch (DBException | InternalError e) {
      // InternalError: a fault in the mapped file (StoreFile)
      suspect = true;
      throw StateStoreException.damaged(file.getParent(), file, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs a change that ends with a commit; rolls it back whole if any part fails. */
  private void write(Runnable change) {
    lock.writeLock().lock();
    try {
      checkOpen();
      try {
        change.run();
      } catch (RuntimeException | InternalError e) {
        if (!(e instanceof IllegalArgumentException)) {
          suspect = true; // a refused key fails before the commit, which alone writes the file
        }
        rollBack(e);
        throw e instanceof IllegalArgumentException illegal ? illegal : StateStoreException.writeFailed(file, e);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void rollBack(Throwable failure) {
    try {
      db.rollback();
    } catch (RuntimeException | InternalError e) {
      failure.addSuppressed(e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("state store " + file + " is closed");
    }
  }
}
