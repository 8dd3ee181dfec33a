package io.vertedge.store.state;

import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.StoreWAL;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How MapDB reaches {@code state.db}: memory-mapped, with its write-ahead log in memory, and no
 * sync of the file on commit. {@code StoreWAL} is built by hand because {@code DBMaker} takes
 * no volume factory for a file, and the one it would use for both the file and the log decides
 * the cost of every put:
 *
 * <ul>
 *   <li>Through a {@code FileChannel} every long of a B-tree node was a {@code pread}, and every
 *   packed number in the log a one-byte {@code pwrite}: 150,000 system calls a second at 1,000
 *   desired values/s, and each commit's bursts of them were what made the benchmark's tail.
 *   Mapped, a read is a memory load.</li>
 *   <li>MapDB 3.1.0 never replays its write-ahead log, so on disk it was only the sign that a
 *   run died inside a commit, written and forced on every commit. In memory it costs nothing;
 *   the sign is now {@code state.db.open} ({@link StateBackup}), for a whole run.</li>
 *   <li>A commit's sync is not needed: what the store holds is also in the state logs, which
 *   keep everything since the last backup, and the backup is forced. A start after any unclean
 *   stop begins from the backup ({@link StateBackup#restoreIfUnclean}).</li>
 * </ul>
 *
 * <p>A fault in the mapping (the disk's I/O error, a file shrunk underneath) reaches the caller
 * as an {@link InternalError}, which the JVM raises instead of crashing; growing the file first
 * writes zeros through a file descriptor (MapDB's pre-clear), so a full disk fails there with an
 * I/O error rather than in a mapped write. The same file format as before: only the access differs.
 */
final class StoreFile {

  /** MapDB names a commit's write-ahead log {@code <store file>.wal.N}; older builds left them on disk. */
  static final String WAL_INFIX = ".wal.";
  /** {@code state.lock} ({@link StoreLock}) is the lock: MapDB keeps its own when it fails to open a file. */
  private static final long NO_MAPDB_LOCK = -1L;

  private StoreFile() {
  }

  /** Opens (or creates) the store file; MapDB's exceptions pass through. */
  static DB open(Path file, boolean exists) {
    // the arguments DBMaker passes for fileDB(file).transactionEnable().fileLockDisable()
    StoreWAL store = new StoreWAL(file.toString(), new Volumes(), NO_MAPDB_LOCK, true, CC.STORE_DIRECT_CONC_SHIFT, 0L, 0L,
        false, false, false, true, false);
    // a Kotlin "internal" setter, public in the bytecode under this name (what DBMaker.fileSyncDisable() sets)
    store.setFileSyncDisable$mapdb(true);
    return new DB(store, exists, true, Thread.currentThread().getContextClassLoader(), 0);
  }

  /** One store's: the array its last commit's log gave back waits here for the next. */
  private static final class Volumes extends VolumeFactory {

    private final AtomicReference<byte[]> spareLog = new AtomicReference<>();

    @Override
    public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize,
                             boolean fixedSize) {
      if (isWriteAheadLog(file)) {
        return new CommitLogVolume(spareLog.getAndSet(null), spareLog::set);
      }
      // unmapped on close (the cleaner), and pre-cleared when it grows
      return new MappedFileVol(new File(file), readOnly, NO_MAPDB_LOCK, sliceShift, true, initSize, false);
    }

    @Override
    public boolean exists(String file) {
      return new File(file).exists();
    }

    @Override
    public boolean handlesReadonly() {
      return true;
    }

    private static boolean isWriteAheadLog(String file) {
      return file.contains(MapDbStateStore.FILE_NAME + WAL_INFIX);
    }
  }
}
