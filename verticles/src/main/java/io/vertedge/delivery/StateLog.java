package io.vertedge.delivery;

import io.vertedge.store.log.LogCursor;
import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.LogRecord;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * State writes accepted through a log: a write is durable once the log forced it (a group
 * commit of about a millisecond), not after a MapDB commit (about 5 ms, sometimes far more). A
 * worker then applies what the log holds to the state store in coalesced batches — only the
 * newest value of a key within a batch is written — with the log position applied in the same
 * commit, and the log lets go of what is applied. After a crash, {@link #recover} applies the
 * rest.
 */
public final class StateLog {

  private static final Logger log = LoggerFactory.getLogger(StateLog.class);
  static final String APPLIED = "state-log.applied";
  /** Applied within milliseconds, so segments smaller than the outbox's: less left on disk until the writer rolls. */
  public static final LogOptions LOG_OPTIONS = LogOptions.defaults().withSegmentBytes(8L << 20);
  private static final int MAX_APPLY_RECORDS = 65_536;

  private final Vertx vertx;
  private final SegmentLog records;
  private final StateStore store;
  private final TreeMap<Long, List<Promise<Void>>> visibleWaiters = new TreeMap<>();
  private volatile Consumer<Set<String>> appliedHandler = maps -> { };
  private long applied;
  private boolean applying;

  private StateLog(Vertx vertx, SegmentLog records, StateStore store, long applied) {
    this.vertx = vertx;
    this.records = records;
    this.store = store;
    this.applied = applied;
  }

  /** Applies what an earlier run accepted and did not apply (blocking: call on a worker). */
  public static StateLog recover(Vertx vertx, SegmentLog records, StateStore store) throws Exception {
    // Everything the log still holds, not only what lies past the applied position: MapDB 3.1.0
    // does not replay its own write-ahead log, so a SIGKILL while it copies a commit into the
    // store can leave part of that commit behind, the applied position included (CloudCrashIT).
    // The log always keeps the last commit's writes (see applyBlocking), and applying them again
    // in order ends with the newest value of every key.
    StateLog stateLog = new StateLog(vertx, records, store, records.firstSequence() - 1);
    int replayed = 0;
    while (stateLog.applied < records.durableSequence()) {
      Applied batch = stateLog.applyBlocking(stateLog.applied);
      stateLog.applied = batch.upTo();
      replayed += batch.records();
    }
    if (replayed > 0) {
      log.info("[store: {}] applied the {} state writes the log still holds (those of the last commit before the stop "
          + "included)", records.directory(), replayed);
    }
    return stateLog;
  }

  /** Called (on a worker) with the maps a batch changed, once it is in the state store. */
  public StateLog appliedHandler(Consumer<Set<String>> handler) {
    this.appliedHandler = handler;
    return this;
  }

  /** Sets the key's value: the future completes once the write is durable in the log. */
  public Future<Void> put(String map, String key, byte[] value) {
    return append(StateWrite.put(map, key, value));
  }

  /** Deletes the key: the future completes once the deletion is durable in the log. */
  public Future<Void> delete(String map, String key) {
    return append(StateWrite.delete(map, key));
  }

  /**
   * Completes once everything accepted before this call is in the state store, so that a read
   * of the store after it sees those writes.
   */
  public Future<Void> visible() {
    long upTo = records.durableSequence();
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      if (applied >= upTo) {
        return Future.succeededFuture();
      }
      visibleWaiters.computeIfAbsent(upTo, at -> new ArrayList<>()).add(promise);
    }
    applyLater();
    return promise.future();
  }

  /** Writes accepted and not yet in the state store. */
  public synchronized long pending() {
    return Math.max(0, records.durableSequence() - applied);
  }

  /**
   * Several writes (a delete when a value is {@code null}), appended in this order: the future
   * completes once the last is durable, and with it every one before (the log is forced in
   * order, so a reader after a crash never finds a later write of these without the earlier).
   */
  public Future<Void> write(List<Batch.Write> writes) {
    return append(writes.stream().map(write -> new StateWrite(write.map(), write.key(), write.value())).toList());
  }

  private Future<Void> append(StateWrite write) {
    return append(List.of(write));
  }

  private Future<Void> append(List<StateWrite> writes) {
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
    java.util.concurrent.CompletableFuture<Long> last = null;
    for (StateWrite write : writes) {
      last = records.append(write.encode());
    }
    return Future.fromCompletionStage(last, vertx.getOrCreateContext())
        .map(sequence -> {
          applyLater();
          return null;
        });
  }

  private void applyLater() {
    long from;
    synchronized (this) {
      if (applying || applied >= records.durableSequence()) {
        return;
      }
      applying = true;
      from = applied;
    }
    vertx.executeBlocking(() -> applyBlocking(from), false).onComplete(ar -> {
      List<Promise<Void>> ready = new ArrayList<>();
      synchronized (this) {
        applying = false;
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
      applyLater();
    });
  }

  private record Applied(long upTo, int records) { }

  /** One coalesced batch from the log after {@code from}, committed with its position; then trims. */
  private Applied applyBlocking(long from) throws Exception {
    Map<MapKey, byte[]> newest = new LinkedHashMap<>();
    long upTo = from;
    int count = 0;
    try (LogCursor cursor = records.read(Math.max(from + 1, records.firstSequence()))) {
      LogRecord record;
      while (count < MAX_APPLY_RECORDS && (record = cursor.next()) != null) {
        StateWrite write = StateWrite.decode(record.payload());
        MapKey target = new MapKey(write.map(), write.key());
        newest.remove(target);
        newest.put(target, write.value());
        upTo = record.sequence();
        count++;
      }
    }
    if (count == 0) {
      return new Applied(from, 0);
    }
    Batch batch = new Batch().mark(APPLIED, upTo);
    Set<String> maps = new HashSet<>();
    newest.forEach((target, value) -> {
      maps.add(target.map());
      if (value == null) {
        batch.delete(target.map(), target.key());
      } else {
        batch.put(target.map(), target.key(), value);
      }
    });
    store.apply(batch);
    // only what earlier commits applied: this commit's writes stay until the next one is done
    records.trimBefore(from + 1);
    appliedHandler.accept(maps);
    return new Applied(upTo, count);
  }

  private record MapKey(String map, String key) { }

  /** One record of the log: map, key, and the value (absent for a deletion). */
  record StateWrite(String map, String key, byte[] value) {

    static StateWrite put(String map, String key, byte[] value) {
      return new StateWrite(map, key, java.util.Objects.requireNonNull(value, "value"));
    }

    static StateWrite delete(String map, String key) {
      return new StateWrite(map, key, null);
    }

    byte[] encode() {
      byte[] mapName = map.getBytes(StandardCharsets.UTF_8);
      byte[] keyName = key.getBytes(StandardCharsets.UTF_8);
      int valueLength = value == null ? 0 : value.length;
      ByteBuffer buffer = ByteBuffer.allocate(2 + mapName.length + 2 + keyName.length + 1 + valueLength)
          .putShort(checkedLength(mapName, "map")).put(mapName)
          .putShort(checkedLength(keyName, "key")).put(keyName)
          .put((byte) (value == null ? 0 : 1));
      if (value != null) {
        buffer.put(value);
      }
      return buffer.array();
    }

    static StateWrite decode(byte[] payload) {
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      String map = string(buffer);
      String key = string(buffer);
      if (buffer.get() == 0) {
        return new StateWrite(map, key, null);
      }
      byte[] value = new byte[buffer.remaining()];
      buffer.get(value);
      return new StateWrite(map, key, value);
    }

    private static short checkedLength(byte[] name, String what) {
      if (name.length > 0xffff) {
        throw new IllegalArgumentException("state " + what + " longer than 65535 bytes");
      }
      return (short) name.length;
    }

    private static String string(ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.getShort() & 0xffff];
      buffer.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
