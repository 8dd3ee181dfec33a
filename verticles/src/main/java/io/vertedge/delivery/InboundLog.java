package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncSink;
import io.vertedge.store.log.LogCursor;
import io.vertedge.store.log.LogRecord;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Where the cloud keeps events from every edge before it acknowledges them: one log for all
 * nodes, each record the node's name and the envelope. A node's high-water mark (the highest
 * sequence held) is durable together with the data — it is recomputed from the log on
 * recovery — and checkpointed into the state store with the position the consumer reached, in
 * one commit, after which those segments are trimmed.
 */
public final class InboundLog {

  private static final Logger log = LoggerFactory.getLogger(InboundLog.class);
  static final String APPLIED = "inbound.applied";
  static final long CHECKPOINT_INTERVAL_MILLIS = 200;
  /** Per node and stream, its high-water mark as of the last checkpoint (a map, so recovery can list them all). */
  static final String MARKS = "inbound.marks";

  private final Vertx vertx;
  private final SegmentLog records;
  private final StateStore state;
  private final BiConsumer<String, Envelope> consumer;
  private final Map<String, Long> marks = new ConcurrentHashMap<>();
  private final Map<String, Long> uncheckpointed = new HashMap<>();
  private long delivered;
  private boolean checkpointing;

  private InboundLog(Vertx vertx, SegmentLog records, StateStore state, BiConsumer<String, Envelope> consumer) {
    this.vertx = vertx;
    this.records = records;
    this.state = state;
    this.consumer = consumer;
  }

  /**
   * Recovers the marks (blocking: call on a worker): from the last checkpoint, then every
   * record after it, which the consumer gets again — it sees each event at least once across a
   * crash of the cloud, and the edge never has to resend what the log holds.
   */
  public static InboundLog recover(Vertx vertx, SegmentLog records, StateStore state,
                                   BiConsumer<String, Envelope> consumer) throws Exception {
    InboundLog inbound = new InboundLog(vertx, records, state, consumer);
    for (Versioned checkpointed : state.entries(MARKS)) {
      inbound.marks.put(checkpointed.key(), ByteBuffer.wrap(checkpointed.value()).getLong());
    }
    long applied = state.mark(APPLIED);
    int replayed = 0;
    if (applied < records.durableSequence()) {
      try (LogCursor cursor = records.read(Math.max(applied + 1, records.firstSequence()))) {
        LogRecord record;
        while ((record = cursor.next()) != null) {
          NodeEnvelope entry = NodeEnvelope.decode(record.payload());
          inbound.marks.merge(markKey(entry.node(), entry.envelope().getStream()), entry.envelope().getSequence(),
              Math::max);
          consumer.accept(entry.node(), entry.envelope());
          inbound.delivered = record.sequence();
          replayed++;
        }
      }
    }
    if (replayed > 0) {
      log.info("[store: {}] inbound: replayed {} events not yet checkpointed", records.directory(), replayed);
    }
    return inbound;
  }

  /** The sink for one of a node's event streams ({@code ""}: its own, or e.g. {@code drop-oldest}). */
  public SyncSink sinkFor(String node, String stream) {
    String markKey = markKey(node, stream);
    return new SyncSink() {
      @Override
      public long mark() {
        return marks.getOrDefault(markKey, 0L);
      }

      @Override
      public Future<Void> apply(List<Envelope> envelopes) {
        return store(node, markKey, envelopes);
      }
    };
  }

  /** Node names cannot hold a slash (they are DNS labels), so this never meets another node's. */
  private static String markKey(String node, String stream) {
    return stream.isEmpty() ? node : node + "/" + stream;
  }

  private Future<Void> store(String node, String markKey, List<Envelope> envelopes) {
    CompletableFuture<Long> last = null;
    for (Envelope envelope : envelopes) {
      last = records.append(new NodeEnvelope(node, envelope).encode());
    }
    // the log forces in order: the last record durable means all of them are
    return Future.fromCompletionStage(last, vertx.getOrCreateContext()).map(sequence -> {
      long mark = envelopes.get(envelopes.size() - 1).getSequence();
      marks.put(markKey, mark);
      envelopes.forEach(envelope -> consumer.accept(node, envelope));
      synchronized (this) {
        uncheckpointed.put(markKey, mark);
        delivered = Math.max(delivered, sequence);
      }
      checkpointLater();
      return null;
    });
  }

  /**
   * Checkpoints marks and the consumer's position in one commit, then lets the log go. Nodes
   * store from their own event loops; the shared bookkeeping is guarded by this object.
   */
  private void checkpointLater() {
    Batch batch;
    long upTo;
    synchronized (this) {
      if (checkpointing || uncheckpointed.isEmpty()) {
        return;
      }
      checkpointing = true;
      upTo = delivered;
      batch = new Batch().mark(APPLIED, upTo);
      uncheckpointed.forEach((node, mark) -> batch.put(MARKS, node, ByteBuffer.allocate(8).putLong(mark).array()));
      uncheckpointed.clear();
    }
    vertx.executeBlocking(() -> {
      state.apply(batch);
      // a start from the store's backup reads the log again from the position that backup holds
      records.trimBefore(Math.min(upTo, state.backedUpMark(APPLIED)) + 1);
      return null;
    }).onComplete(ar -> {
      // a MapDB commit costs milliseconds of a worker and an fsync of its own: at most one per
      // interval, however fast events come (the log keeps everything in between)
      vertx.setTimer(CHECKPOINT_INTERVAL_MILLIS, id -> {
        synchronized (this) {
          checkpointing = false;
        }
        checkpointLater();
      });
      if (ar.failed()) {
        log.warn("[store: {}] inbound checkpoint failed (the log keeps everything meanwhile): {}",
            records.directory(), ar.cause().toString());
      }
    });
  }

  /** One record: the node's name, then its envelope. */
  record NodeEnvelope(String node, Envelope envelope) {

    byte[] encode() {
      byte[] name = node.getBytes(StandardCharsets.UTF_8);
      byte[] body = envelope.toByteArray();
      return ByteBuffer.allocate(2 + name.length + body.length).putShort((short) name.length).put(name).put(body).array();
    }

    static NodeEnvelope decode(byte[] payload) throws Exception {
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      byte[] name = new byte[buffer.getShort() & 0xffff];
      buffer.get(name);
      return new NodeEnvelope(new String(name, StandardCharsets.UTF_8),
          Envelope.parseFrom(ByteBuffer.wrap(payload, buffer.position(), buffer.remaining())));
    }
  }
}
