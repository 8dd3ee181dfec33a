package io.vertedge.delivery;

import io.vertedge.store.log.LogCursor;
import io.vertedge.store.log.LogRecord;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Applies what the state log holds to the state store, behind the writers: coalesced batches
 * (only the newest value of a key within a batch is written) committed with the log position,
 * then the log lets go of what earlier commits applied. Commits are paced, at most one per
 * {@link #MIN_COMMIT_INTERVAL_MILLIS} while writes stream in: a MapDB commit costs about the same
 * whatever it holds, and its fsyncs share the disk with the log's forces, which writers wait
 * for. A reader that needs the store to hold everything ({@link #visible}) does not wait for
 * the pace.
 *
 * <p>The log keeps every write since the store's last backup ({@link StateStore#backedUpMark}):
 * a store that a crash left inside a commit starts again from that backup, and the log brings
 * it up to date. Besides the store's own backups (every 30 s), one is taken once the log holds
 * more than {@value #BACKUP_AFTER_SEGMENTS} segments.
 */
final class StateApplier {

  private static final Logger log = LoggerFactory.getLogger(StateApplier.class);
  static final long MIN_COMMIT_INTERVAL_MILLIS = 100;
  private static final int MAX_APPLY_RECORDS = 65_536;
  static final int BACKUP_AFTER_SEGMENTS = 2;

  private final Vertx vertx;
  private final SegmentLog records;
  private final StateStore store;
  private final LongConsumer appliedVersion;
  /** Not a verticle's: the pacing timer must outlive whichever verticle wrote last. */
  private final ContextInternal context;
  private final TreeMap<Long, List<Promise<Void>>> visibleWaiters = new TreeMap<>();
  private long applied;
  private boolean applying;
  private boolean timerSet;
  private boolean stopped;
  private long lastCommitNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_COMMIT_INTERVAL_MILLIS);

  /** @param appliedVersion told the highest store version of each batch applied (on a worker) */
  StateApplier(Vertx vertx, SegmentLog records, StateStore store, long applied, LongConsumer appliedVersion) {
    this.vertx = vertx;
    this.records = records;
    this.store = store;
    this.applied = applied;
    this.appliedVersion = appliedVersion;
    this.context = ((VertxInternal) vertx).createEventLoopContext();
  }

  record Applied(long upTo, int records, long upToVersion) { }

  /**
   * Applies everything the log holds, from its first record, and backs the store up (blocking:
   * call on a worker before writes start); answers the position reached, which the backup holds.
   */
  static Applied recover(SegmentLog records, StateStore store) throws Exception {
    long from = records.firstSequence() - 1;
    int replayed = 0;
    while (from < records.durableSequence()) {
      Applied batch = applyBlocking(records, store, from);
      from = batch.upTo();
      replayed += batch.records();
    }
    store.backup();
    return new Applied(from, replayed, 0);
  }

  /**
   * Completes once everything appended before the call is in the store (deferred records are
   * forced for it); after the log failed, what it made durable.
   */
  io.vertx.core.Future<Void> visible() {
    long upTo = records.failed() ? records.durableSequence() : records.lastSequence();
    records.forceDeferred();
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      if (stopped) {
        return io.vertx.core.Future.failedFuture(closing());
      }
      if (applied >= upTo) {
        return io.vertx.core.Future.succeededFuture();
      }
      visibleWaiters.computeIfAbsent(upTo, at -> new ArrayList<>()).add(promise);
    }
    applySoon();
    return promise.future();
  }

  /** Applies nothing more; readers waiting for visibility are failed (the store is closing). */
  void stop() {
    List<Promise<Void>> waiting = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      visibleWaiters.values().forEach(waiting::addAll);
      visibleWaiters.clear();
    }
    waiting.forEach(promise -> promise.fail(closing()));
  }

  private IllegalStateException closing() {
    return new IllegalStateException("[store: " + records.directory() + "] the state log is closing");
  }

  synchronized long pending() {
    return Math.max(0, records.durableSequence() - applied);
  }

  /** {@link #applySoon} when a reader waits for visibility (from any thread: the log writer's, as writes become durable). */
  void applyNowIfAwaited() {
    synchronized (this) {
      if (visibleWaiters.isEmpty()) {
        return;
      }
    }
    applySoon();
  }

  /** Applies what is durable, now if a reader waits or the last commit is long enough ago, else at the pace. */
  void applySoon() {
    long from;
    synchronized (this) {
      if (stopped || applying || applied >= records.durableSequence()) {
        return;
      }
      long waitNanos = lastCommitNanos + TimeUnit.MILLISECONDS.toNanos(MIN_COMMIT_INTERVAL_MILLIS) - System.nanoTime();
      if (waitNanos > 0 && visibleWaiters.isEmpty()) {
        if (!timerSet) {
          timerSet = true;
          long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
          context.runOnContext(v -> vertx.setTimer(delayMillis, id -> {
            synchronized (this) {
              timerSet = false;
            }
            applySoon();
          }));
        }
        return;
      }
      applying = true;
      from = applied;
    }
    context.executeBlocking(() -> {
      Applied batch = applyBlocking(records, store, from);
      appliedVersion.accept(batch.upToVersion());
      if (batch.records() > 0 && records.segmentCount() > BACKUP_AFTER_SEGMENTS) {
        store.backup();
      }
      // only what the backup holds: a crash inside a later commit takes the store back to it
      records.trimBefore(store.backedUpMark(StateLog.APPLIED) + 1);
      return batch;
    }, false).onComplete(ar -> {
      List<Promise<Void>> ready = new ArrayList<>();
      synchronized (this) {
        applying = false;
        lastCommitNanos = System.nanoTime();
        if (ar.succeeded()) {
          applied = ar.result().upTo();
          Map<Long, List<Promise<Void>>> done = visibleWaiters.headMap(applied, true);
          done.values().forEach(ready::addAll);
          done.clear();
        }
      }
      ready.forEach(Promise::complete);
      if (ar.failed()) {
        // the log keeps everything: the next write (or read) tries again from the same place
        log.error("[store: {}] applying accepted state writes to the state store failed", records.directory(),
            ar.cause());
        return;
      }
      applySoon();
    });
  }

  /** One coalesced batch from the log after {@code from}, committed with its position. */
  private static Applied applyBlocking(SegmentLog records, StateStore store, long from) throws Exception {
    Map<MapKey, StateWrite> newest = new LinkedHashMap<>();
    long upTo = from;
    long upToVersion = 0;
    int count = 0;
    try (LogCursor cursor = records.read(Math.max(from + 1, records.firstSequence()))) {
      LogRecord record;
      while (count < MAX_APPLY_RECORDS && (record = cursor.next()) != null) {
        StateWrite write = StateWrite.decode(record.payload());
        MapKey target = new MapKey(write.map(), write.key());
        newest.remove(target);
        newest.put(target, write);
        upTo = record.sequence();
        upToVersion = Math.max(upToVersion, write.version());
        count++;
      }
    }
    if (count == 0) {
      return new Applied(from, 0, 0);
    }
    Batch batch = new Batch().mark(StateLog.APPLIED, upTo);
    // a write of an older format has no version: the store hands one out as it commits
    newest.values().forEach(write -> batch.write(write.map(), write.key(), write.value(), write.version()));
    store.apply(batch);
    return new Applied(upTo, count, upToVersion);
  }

  private record MapKey(String map, String key) { }
}
