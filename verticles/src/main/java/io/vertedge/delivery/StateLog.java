package io.vertedge.delivery;

import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * State writes accepted through a log: a write is durable once the log forced it (a group
 * commit of about a millisecond), not after a MapDB commit (about 5 ms, sometimes far more). A
 * {@link StateApplier} then applies what the log holds to the state store behind the writers.
 * After a crash, {@link #recover} applies the rest.
 *
 * <p>Each write takes its version in the store ({@link StateStore#nextVersion()}) as it is
 * appended, and the log keeps it, so a write has the same version before it is applied, once
 * applied, and when a recovery applies it again: {@link #changedSince} serves writes that are
 * durable and not yet applied from memory, with the versions the store gives them later.
 */
public final class StateLog {

  private static final Logger log = LoggerFactory.getLogger(StateLog.class);
  static final String APPLIED = "state-log.applied";
  /** Applied within milliseconds, so segments smaller than the outbox's: less left on disk until the writer rolls. */
  public static final LogOptions LOG_OPTIONS = LogOptions.defaults().withSegmentBytes(8L << 20);

  private final Vertx vertx;
  private final SegmentLog records;
  private final StateStore store;
  private volatile Consumer<Set<String>> durableHandler = maps -> { };
  private final PendingWrites pending;
  private final StateApplier applier;

  private StateLog(Vertx vertx, SegmentLog records, StateStore store, long applied) {
    this.vertx = vertx;
    this.records = records;
    this.store = store;
    // a version no write takes: everything the store holds now lies below it
    this.pending = new PendingWrites(store.nextVersion());
    this.applier = new StateApplier(vertx, records, store, applied, pending::applied);
  }

  /** Applies what an earlier run accepted and did not apply (blocking: call on a worker). */
  public static StateLog recover(Vertx vertx, SegmentLog records, StateStore store) throws Exception {
    // Everything the log still holds, not only what lies past the applied position: MapDB 3.1.0
    // does not replay its own write-ahead log, so a store a SIGKILL left inside a commit starts
    // again from its backup (StateBackup), whose applied position may lie far behind. The log
    // keeps every write since that backup (StateApplier), and applying them again in order ends
    // with the newest value of every key.
    StateApplier.Applied replayed = StateApplier.recover(records, store);
    StateLog stateLog = new StateLog(vertx, records, store, replayed.upTo());
    if (replayed.records() > 0) {
      log.info("[store: {}] applied the {} state writes the log still holds (all since the state store's last backup)",
          records.directory(), replayed.records());
    }
    return stateLog;
  }

  /**
   * Called with the maps that writes changed once those writes are durable (on the log's
   * writer thread: hop to your own context, do not block); {@link #changedSince} sees them.
   */
  public StateLog durableHandler(Consumer<Set<String>> handler) {
    this.durableHandler = handler;
    return this;
  }

  /**
   * Up to {@code limit} entries of the map written after {@code version}, in version order,
   * the newest of each key — as {@link StateStore#changedSince}, but including the writes that
   * are durable in the log and not yet applied (blocking only when the store must be read too:
   * call on a worker, or first ask {@link #changedInMemory}).
   */
  public List<Versioned> changedSince(String map, long version, int limit) {
    PendingWrites.After pendingAfter = pending.after(map, version, limit);
    if (!pendingAfter.storeToo()) {
      return pendingAfter.entries();
    }
    long from = version;
    while (true) {
      List<Versioned> stored = store.changedSince(map, from, limit);
      Map<String, Versioned> newest = new java.util.HashMap<>();
      for (Versioned entry : stored) {
        newest.put(entry.key(), entry);
      }
      for (Versioned entry : pendingAfter.entries()) {
        newest.merge(entry.key(), entry, (a, b) -> a.version() >= b.version() ? a : b);
      }
      // what the store did not return (it stopped at limit) may lie between its entries: stop at its last
      boolean full = stored.size() == limit;
      long upTo = full ? stored.get(stored.size() - 1).version() : Long.MAX_VALUE;
      List<Versioned> page = newest.values().stream()
          .filter(entry -> entry.version() <= upTo)
          .sorted(java.util.Comparator.comparingLong(Versioned::version))
          .limit(limit)
          .toList();
      if (!page.isEmpty() || !full) {
        return page;
      }
      // every key of that stretch has a newer write in memory, beyond it: an empty page would
      // say "nothing more", so look further
      from = upTo;
    }
  }

  /** What {@link #changedSince} returns, when memory alone holds it (no store read): empty otherwise. */
  public java.util.Optional<List<Versioned>> changedInMemory(String map, long version, int limit) {
    PendingWrites.After pendingAfter = pending.after(map, version, limit);
    return pendingAfter.storeToo() ? java.util.Optional.empty() : java.util.Optional.of(pendingAfter.entries());
  }

  /** Sets the key's value: the future completes once the write is durable in the log. */
  public Future<Void> put(String map, String key, byte[] value) {
    return append(StateWrite.put(map, key, value));
  }

  /**
   * Sets the key's value without a force of its own ({@link SegmentLog#appendDeferred}): durable
   * with the next write that is not deferred, or within {@link io.vertedge.store.log.LogOptions#maxDeferral()}.
   * For values that a crash may lose because they are made again from others: readers see it at
   * once, all the same.
   */
  public Future<Void> putDeferred(String map, String key, byte[] value) {
    return append(List.of(StateWrite.put(map, key, value)), true);
  }

  /** Deletes the key: the future completes once the deletion is durable in the log. */
  public Future<Void> delete(String map, String key) {
    return append(StateWrite.delete(map, key));
  }

  /**
   * Completes once everything accepted before this call is in the state store, so that a read
   * of the store after it sees those writes; deferred writes are forced for it at once.
   */
  public Future<Void> visible() {
    return applier.visible();
  }

  /**
   * The log and the store are about to close: nothing more is applied (what closing the log
   * forces, deferred writes among it, the next start applies). An apply under way finishes first,
   * since the store's close waits for it.
   */
  public void stopApplying() {
    applier.stop();
  }

  /** Writes accepted and not yet in the state store. */
  public long pending() {
    return applier.pending();
  }

  /**
   * Several writes (a delete when a value is {@code null}), appended in this order: the future
   * completes once the last is durable, and with it every one before (the log is forced in
   * order, so a reader after a crash never finds a later write of these without the earlier).
   */
  public Future<Void> write(List<Batch.Write> writes) {
    return appendWrites(writes, false);
  }

  /**
   * {@link #write} without a force of its own, as {@link #putDeferred}: durable with the next
   * write that is not deferred, or within {@link io.vertedge.store.log.LogOptions#maxDeferral()}.
   */
  public Future<Void> writeDeferred(List<Batch.Write> writes) {
    return appendWrites(writes, true);
  }

  private Future<Void> appendWrites(List<Batch.Write> writes, boolean deferred) {
    return append(writes.stream().map(write -> new StateWrite(write.map(), write.key(), write.value(), 0)).toList(),
        deferred);
  }

  private Future<Void> append(StateWrite write) {
    return append(List.of(write), false);
  }

  private Future<Void> append(List<StateWrite> writes, boolean deferred) {
    for (StateWrite write : writes) {
      if (write.key().length() > StateStore.MAX_KEY_LENGTH || write.map().length() > StateStore.MAX_KEY_LENGTH) {
        // refused here: once in the log, a write the store cannot take would stop every later one
        return Future.failedFuture(new IllegalArgumentException("state key longer than " + StateStore.MAX_KEY_LENGTH
            + " characters: " + write.key().substring(0, Math.min(40, write.key().length())) + "…"));
      }
    }
    if (writes.isEmpty()) {
      return Future.succeededFuture();
    }
    CompletableFuture<Long> last = null;
    long lastVersion = 0;
    Set<String> maps = new HashSet<>();
    synchronized (pending) {
      // versions in log order: the log forces in order, so durable up to a version means all below it
      for (StateWrite write : writes) {
        StateWrite versioned = write.at(store.nextVersion());
        pending.appended(versioned.map(), versioned.versioned());
        last = deferred ? records.appendDeferred(versioned.encode()) : records.append(versioned.encode());
        if (last.isCompletedExceptionally()) {
          pending.refused(versioned.map(), versioned.version());
          break;
        }
        lastVersion = versioned.version();
        maps.add(versioned.map());
      }
    }
    long durableVersion = lastVersion;
    // readers see the writes before the writer hears they are durable
    CompletableFuture<Long> seen = last.whenComplete((sequence, failure) -> {
      if (failure == null) {
        pending.durable(durableVersion);
        try {
          durableHandler.accept(maps);
        } catch (RuntimeException e) {
          // the writes are durable whatever a listener does: their writers must hear so
          log.error("[store: {}] telling readers of {} about durable state writes failed", records.directory(), maps, e);
        }
        // a reader waiting for visibility (visible()) must not depend on the appender's context still
        // running (below), as it may not while a node stops
        try {
          applier.applyNowIfAwaited();
        } catch (RuntimeException e) {
          // the write is durable all the same; the next one applies it
          log.warn("[store: {}] could not schedule applying durable state writes: {}", records.directory(), e.toString());
        }
      }
    });
    return Future.fromCompletionStage(seen, vertx.getOrCreateContext())
        .map(sequence -> {
          applier.applySoon();
          return null;
        });
  }
}
