package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncSink;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Coalesced state received from the peer, kept in one map of the state store by resource key,
 * the peer's version it reached stored in the same commit (in a map of marks, so that recovery
 * can list them without touching disk from an event loop later).
 */
public final class StateSink implements SyncSink {

  private final Vertx vertx;
  private final StateStore store;
  private final String map;
  private final String marksMap;
  private final String markKey;
  private final Map<String, Long> marks;

  /** {@code marks} holds every mark of {@code marksMap}, loaded when the store was opened. */
  public StateSink(Vertx vertx, StateStore store, String map, String marksMap, String markKey, Map<String, Long> marks) {
    this.vertx = vertx;
    this.store = store;
    this.map = map;
    this.marksMap = marksMap;
    this.markKey = markKey;
    this.marks = marks;
  }

  @Override
  public long mark() {
    return marks.getOrDefault(markKey, 0L);
  }

  @Override
  public Future<Void> apply(List<Envelope> envelopes) {
    Batch batch = new Batch();
    for (Envelope envelope : envelopes) {
      String key = envelope.getRoute().getResource();
      if (StateSource.DELETE.equals(envelope.getRoute().getOperation())) {
        batch.delete(map, key);
      } else {
        batch.put(map, key, envelope.toByteArray());
      }
    }
    long mark = envelopes.get(envelopes.size() - 1).getSequence();
    batch.put(marksMap, markKey, encode(mark));
    return vertx.executeBlocking(() -> {
      store.apply(batch);
      return null;
    }, false).onSuccess(v -> marks.put(markKey, mark)).mapEmpty();
  }

  /** Every mark of {@code marksMap}, read once at open (blocking: on a worker). */
  static Map<String, Long> loadMarks(StateStore store, String marksMap) {
    Map<String, Long> marks = new java.util.concurrent.ConcurrentHashMap<>();
    for (io.vertedge.store.state.Versioned mark : store.entries(marksMap)) {
      marks.put(mark.key(), decode(mark.value()));
    }
    return marks;
  }

  static byte[] encode(long mark) {
    return ByteBuffer.allocate(Long.BYTES).putLong(mark).array();
  }

  static long decode(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
