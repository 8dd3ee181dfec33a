package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncSink;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coalesced state received from the peer, kept in one map of the state store by resource key,
 * written through the {@link StateLog} (a forced log append, not a MapDB commit, on the way of
 * each batch): the batch's values first, then the peer's version it reached (in a map of marks,
 * so that recovery can list them without touching disk from an event loop later). The log is
 * forced in order, so a durable mark means its values are durable too; applying them again
 * after a crash only writes the same values again.
 *
 * <p>A sink may defer its force ({@link StateLog#writeDeferred}) where no reader waits for it:
 * the batch is then forced with the next write that is not deferred, or after the log's
 * deferral, and only then acknowledged. The sender keeps and resends what is not acknowledged,
 * so nothing is lost; it costs the acknowledgement that much delay, and saves a force a batch.
 */
public final class StateSink implements SyncSink {

  private final StateLog writes;
  private final String map;
  private final String marksMap;
  private final String markKey;
  private final Map<String, Long> marks;
  private final boolean deferForce;

  /**
   * {@code marks} holds every mark of {@code marksMap}, loaded when the store was opened (after
   * recovery); {@code deferForce} when nothing waits for a batch to be durable but its acknowledgement.
   */
  public StateSink(StateLog writes, String map, String marksMap, String markKey, Map<String, Long> marks,
                   boolean deferForce) {
    this.writes = writes;
    this.map = map;
    this.marksMap = marksMap;
    this.markKey = markKey;
    this.marks = marks;
    this.deferForce = deferForce;
  }

  @Override
  public long mark() {
    return marks.getOrDefault(markKey, 0L);
  }

  @Override
  public Future<Void> apply(List<Envelope> envelopes) {
    List<Batch.Write> batch = new ArrayList<>(envelopes.size() + 1);
    for (Envelope envelope : envelopes) {
      String key = envelope.getRoute().getResource();
      boolean deleted = StateSource.DELETE.equals(envelope.getRoute().getOperation());
      batch.add(new Batch.Write(map, key, deleted ? null : envelope.toByteArray()));
    }
    long mark = envelopes.get(envelopes.size() - 1).getSequence();
    batch.add(new Batch.Write(marksMap, markKey, encode(mark)));
    return (deferForce ? writes.writeDeferred(batch) : writes.write(batch)).onSuccess(v -> marks.put(markKey, mark));
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
