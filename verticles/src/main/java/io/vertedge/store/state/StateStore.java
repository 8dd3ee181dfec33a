package io.vertedge.store.state;

import java.util.List;
import java.util.Optional;

/**
 * Durable, versioned state: named maps of string keys to byte values, plus named long marks.
 * Every put or delete gets the store's next version (monotonic across restarts); a newer write
 * of a key replaces the older one, so a map holds the newest value of each key, which is what
 * the link's state coalescing needs. {@link #changedSince} returns what changed after a version a
 * peer already holds, deletions included, so a reconnect sends what changed, not what happened.
 *
 * <p>The edge keeps its state in MapDB ({@link MapDbStateStore}); the cloud will keep each node's
 * in Hazelcast maps with backups behind the same interface.
 *
 * <p><b>Every method may block on disk or network: call it from a worker</b>
 * ({@code executeBlocking} or a worker verticle), never from an event loop. Methods are
 * thread-safe, and a reader never sees half of a batch.
 */
public interface StateStore extends AutoCloseable {

  /** Longest map name or key, in characters: keys are B-tree keys, longer ones make every node heavier. */
  int MAX_KEY_LENGTH = 1024;

  /**
   * Applies the batch with one commit: after it returns, all of it is durable; if it throws,
   * none of it was applied. Deleting a key that is absent (or already deleted) writes nothing.
   * Commits cost milliseconds whatever they hold: batch writes, never commit per message.
   *
   * @throws IllegalArgumentException when a write breaks a limit of the store (nothing applied)
   * @throws StateStoreException when the store cannot write; the batch is rolled back, but when
   *     the commit itself failed (I/O), only reopening the store tells what reached the disk
   */
  void apply(Batch batch);

  /**
   * Hands out a version above every version the store holds or handed out before, for a write
   * that must know its version before it is applied ({@link Batch#write}); versions the store
   * assigns itself come from the same counter. Not durable by itself: after a restart the
   * counter starts again above what the store holds (so a writer that needs its versions to
   * survive keeps them, as the state log does, and applies them again on recovery).
   */
  long nextVersion();

  /** The key's current value; empty when it was never written or was deleted. */
  Optional<Versioned> get(String map, String key);

  /** The mark's value, 0 when it was never set. */
  long mark(String name);

  /** The map's current values (no tombstones), ordered by key; a snapshot taken between batches. */
  List<Versioned> entries(String map);

  /**
   * Up to {@code limit} entries written after {@code version}, tombstones included, in version
   * order: the newest version of each key that changed, older ones already replaced. A peer that
   * holds everything up to {@code version} is up to date after applying them; it asks again from
   * the last version returned until fewer than {@code limit} come back.
   */
  List<Versioned> changedSince(String map, long version, int limit);

  /** How many keys of the map (tombstones included) were written after {@code version}. */
  long countChangedSince(String map, long version);

  /** The highest version written to the map, 0 for a map never written. */
  long version(String map);

  /**
   * Forgets the tombstones of the map below {@code belowVersion}, in a commit of its own. A peer
   * whose last sync was below it can no longer learn of those deletions from
   * {@link #changedSince} and needs a full sync: compact only below what every peer has acked.
   */
  void compactTombstones(String map, long belowVersion);

  /**
   * Copies the store as of its last commit to its backup, where it starts again from after a
   * crash inside a commit (blocking, about the store's size in disk I/O). The store also backs
   * itself up every 30 s after a commit.
   */
  void backup();

  /**
   * The mark as the newest backup holds it (0 before this run's first): a log that commits its
   * position as this mark keeps every record above it, which a start from the backup applies again.
   */
  long backedUpMark(String name);

  /** Closes the store; idempotent. Methods other than this one fail after it. */
  @Override
  void close();
}
