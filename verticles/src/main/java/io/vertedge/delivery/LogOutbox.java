package io.vertedge.delivery;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncSource;
import io.vertedge.store.log.LogCursor;
import io.vertedge.store.log.LogRecord;
import io.vertedge.store.log.SegmentLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Events on their way to the peer, exactly once and in order: {@link #accept} is the door's
 * promise (its future completes only once the event is forced to disk), the link's
 * {@code SyncSender} reads from here, and what the peer acknowledged is trimmed away segment
 * by segment. At its bound it refuses new events ({@link Overflow#REFUSE}, back-pressure) or,
 * for time series that opted in, deletes its oldest segments to get back within it
 * ({@link Overflow#DROP_OLDEST}), counting the unacknowledged events that went with them. Disk
 * work runs on workers.
 */
public final class LogOutbox implements SyncSource {

  /** What an outbox at its bound does with a new event. */
  public enum Overflow { REFUSE, DROP_OLDEST }

  private static final Logger log = LoggerFactory.getLogger(LogOutbox.class);

  private final Vertx vertx;
  private final SegmentLog events;
  private final OutboxBounds bounds;
  private final Overflow overflow;
  private final OutboxMetrics metrics;
  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicLong writingBytes = new AtomicLong();
  private final AutoCloseable pendingGauge;
  private Runnable newData = () -> { };
  private volatile LongConsumer acknowledgedHandler = mark -> { };
  private LogCursor cursor;
  private long cursorAt = -1;
  private volatile long acknowledged;
  private long trimmedBefore;
  private boolean trimming;

  public LogOutbox(Vertx vertx, SegmentLog events, OutboxBounds bounds) {
    this(vertx, events, bounds, Overflow.REFUSE, OutboxMetrics.noop());
  }

  public LogOutbox(Vertx vertx, SegmentLog events, OutboxBounds bounds, Overflow overflow, OutboxMetrics metrics) {
    this.vertx = vertx;
    this.events = events;
    this.bounds = bounds;
    this.overflow = overflow;
    this.metrics = metrics;
    this.pendingGauge = metrics.watchPending(this::pending);
  }

  /** Leaves the metrics; the log is closed by its owner. */
  public void close() {
    try {
      pendingGauge.close();
    } catch (Exception e) {
      log.debug("[store: {}] closing the outbox gauge failed: {}", events.directory(), e.toString());
    }
  }

  /**
   * Accepts an event: completes with its sequence once it is durable, or fails with
   * {@link OutboxFullException} when the outbox is at its bound and refuses (nothing is written
   * then). An outbox that drops its oldest never refuses: once the event is durable, it deletes
   * its oldest segments until it is within its bound again.
   */
  public Future<Long> accept(Envelope event) {
    byte[] payload = event.toByteArray();
    if (overflow == Overflow.DROP_OLDEST) {
      return append(payload).onSuccess(sequence -> dropOldestLater());
    }
    String full = fullReason(writingBytes.get() + payload.length);
    if (full != null) {
      metrics.refused();
      return Future.failedFuture(new OutboxFullException(full));
    }
    return append(payload);
  }

  private Future<Long> append(byte[] payload) {
    // counted until durable, so that a burst of accepts cannot all slip under the bound
    writingBytes.addAndGet(payload.length);
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(events.append(payload), context)
        .andThen(ar -> writingBytes.addAndGet(-payload.length))
        .onSuccess(sequence -> newData.run());
  }

  /** One worker at a time deletes the oldest segments while the outbox is over its bound. */
  private void dropOldestLater() {
    if (fullReason(0) == null || !dropping.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      dropOverBound();
      return null;
    }, false).onComplete(ar -> {
      dropping.set(false);
      if (ar.succeeded()) {
        dropOldestLater(); // appends that came meanwhile found it busy
      } else {
        log.warn("[store: {}] dropping the oldest events failed: {}", events.directory(), ar.cause().toString());
      }
    });
  }

  /**
   * Deletes the oldest segments while the log is over its bound (blocking: on a worker). Also
   * called when the outbox is opened: a stop or a crash can come between an append and the drop
   * it calls for, and what was over the bound then must not all be sent after the restart.
   */
  public void dropOverBound() throws java.io.IOException {
    long droppedUpTo = 0;
    long dropped = 0;
    while (events.sizeBytes() > bounds.maxBytes()) {
      long firstHeld = events.firstSequence();
      long last = events.dropOldestSegment();
      if (last == 0) {
        break; // only the segment being written is left: it goes once the writer moves on
      }
      long unacknowledged = Math.max(0, last - Math.max(acknowledged, firstHeld - 1));
      metrics.dropped(unacknowledged); // at once: a scrape never sees the log shrunk and the count not yet
      dropped += unacknowledged;
      droppedUpTo = last;
    }
    if (droppedUpTo > 0) {
      log.warn("[store: {}] outbox over its bound of {} bytes: dropped its oldest {} unacknowledged events, "
          + "up to event {}", events.directory(), bounds.maxBytes(), dropped, droppedUpTo);
    }
  }

  /** Events accepted, still held, and not yet acknowledged by the peer. */
  public long pending() {
    // dropped events are not pending: they start below the first sequence held
    return Math.max(0, events.durableSequence() - Math.max(acknowledged, events.firstSequence() - 1));
  }

  @Override
  public Future<List<Envelope>> read(long after, int max) {
    return vertx.executeBlocking(() -> readBlocking(after, max));
  }

  @Override
  public void acknowledged(long mark) {
    if (mark <= acknowledged) {
      return;
    }
    acknowledged = mark;
    trimLater();
    acknowledgedHandler.accept(mark);
  }

  /**
   * Observes acknowledgements: {@code handler} gets each new, higher mark the peer acknowledged
   * (every event up to it is durable there), after the outbox took note of it. It runs on the
   * link sender's context, the edge hub's event loop: keep it short and never block. One
   * handler at a time; for observers such as benchmarks, not for flow control.
   */
  public LogOutbox acknowledgedHandler(LongConsumer handler) {
    this.acknowledgedHandler = handler;
    return this;
  }

  @Override
  public void newDataHandler(Runnable handler) {
    this.newData = handler;
  }

  /** Why the outbox is full with {@code adding} more bytes than it holds durably, or null. */
  private String fullReason(long adding) {
    long size = events.sizeBytes() + adding;
    if (size >= bounds.maxBytes()) {
      return "the outbox holds " + size + " bytes, its limit is " + bounds.maxBytes()
          + " (store.outbox.maxBytes); the cloud has acknowledged nothing newer than event " + acknowledged;
    }
    OptionalLong oldest = events.oldestTimestampMillis();
    if (oldest.isPresent() && pending() > 0) {
      Duration age = Duration.ofMillis(System.currentTimeMillis() - oldest.getAsLong());
      if (age.compareTo(bounds.maxAge()) > 0) {
        return "the oldest event in the outbox waits since " + age.toHours() + " h, longer than "
            + bounds.maxAge().toHours() + " h (store.outbox.maxAge)";
      }
    }
    return null;
  }

  /** Keeps one cursor while the sender reads on from where it stopped, the usual case. */
  private List<Envelope> readBlocking(long after, int max) throws Exception {
    if (after >= events.durableSequence()) {
      return List.of();
    }
    if (cursor == null || cursorAt != after || after + 1 < events.firstSequence()) {
      if (cursor != null) {
        cursor.close();
      }
      cursor = events.read(Math.max(after + 1, events.firstSequence()));
    }
    List<Envelope> batch = new ArrayList<>(Math.min(max, 1024));
    LogRecord record;
    while (batch.size() < max && (record = cursor.next()) != null) {
      batch.add(decode(record));
      cursorAt = record.sequence();
    }
    if (batch.isEmpty()) {
      cursorAt = after;
    }
    return batch;
  }

  private static Envelope decode(LogRecord record) throws InvalidProtocolBufferException {
    return Envelope.parseFrom(record.payload()).toBuilder()
        .setSequence(record.sequence())
        .setChannel(Channel.DATA)
        .build();
  }

  private void trimLater() {
    if (trimming || acknowledged + 1 <= trimmedBefore) {
      return;
    }
    trimming = true;
    long before = acknowledged + 1;
    vertx.executeBlocking(() -> {
      events.trimBefore(before);
      return before;
    }).onComplete(ar -> {
      trimming = false;
      if (ar.succeeded()) {
        trimmedBefore = ar.result();
      } else {
        log.warn("[store: {}] trimming acknowledged events failed: {}", events.directory(), ar.cause().toString());
      }
    });
  }
}
