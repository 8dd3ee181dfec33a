package io.vertedge.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;

/**
 * Control first, with bounded unwritten bytes, for a transport that writes whole frames: at
 * most {@link #MAX_UNWRITTEN_BYTES} of bulk frames are handed to the transport before it
 * confirmed writing them; the rest wait here, and control frames go straight out, so a heartbeat
 * waits behind at most that much data. Writes on one connection complete in order, so only a
 * checkpoint every {@link #CHECKPOINT_BYTES}, and the frame that reaches the limit, ask for a
 * confirmation. The accounting is ours because Vert.x 5.0.7's {@code writeQueueFull()} and
 * drain signal can stay stuck after a burst (docs/field-notes.md). Used on one context only.
 */
public final class OutboundWindow {

  /** Where frames go; {@code confirmed} (when not null) runs on the context once the frame is written or failed. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] frame, Runnable confirmed);
  }

  public static final long MAX_UNWRITTEN_BYTES = 256 * 1024;
  public static final long CHECKPOINT_BYTES = 64 * 1024;
  private static final int DRAIN_BURST = 256;

  private record Queued(byte[] frame, Promise<Void> taken) { }

  private final Context context;
  private final Sink sink;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>(4);
  private long sentBytes;
  private long confirmedBytes;
  private long lastCheckpoint;
  private boolean drainScheduled;
  private boolean closed;

  public OutboundWindow(Context context, Sink sink) {
    this.context = context;
    this.sink = sink;
  }

  /** Completes when the transport took the frame (at once unless it had to wait here). */
  public Future<Void> write(byte[] frame, boolean control) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("connection is closed"));
    }
    if (control || (queued.isEmpty() && unwritten() < MAX_UNWRITTEN_BYTES)) {
      send(frame);
      return Future.succeededFuture();
    }
    Promise<Void> taken = Promise.promise();
    queued.add(new Queued(frame, taken));
    resumeLater();
    return taken.future();
  }

  /** Fails what still waits; later writes fail at once. */
  public void close(String reason) {
    closed = true;
    IllegalStateException gone = new IllegalStateException("connection closed: " + reason);
    queued.forEach(q -> q.taken().tryFail(gone));
    queued.clear();
  }

  private void send(byte[] frame) {
    sentBytes += frame.length;
    if (sentBytes - lastCheckpoint >= CHECKPOINT_BYTES || unwritten() >= MAX_UNWRITTEN_BYTES) {
      long mark = sentBytes;
      lastCheckpoint = mark;
      sink.write(frame, () -> {
        confirmedBytes = Math.max(confirmedBytes, mark);
        resumeLater();
      });
    } else {
      sink.write(frame, null);
    }
  }

  private long unwritten() {
    return sentBytes - confirmedBytes;
  }

  private void drain() {
    int sent = 0;
    while (!queued.isEmpty() && unwritten() < MAX_UNWRITTEN_BYTES && sent++ < DRAIN_BURST) {
      Queued next = queued.poll();
      send(next.frame());
      next.taken().tryComplete();
    }
    resumeLater();
  }

  /** Continues on the next turn of the loop while the transport takes more; else a checkpoint does. */
  private void resumeLater() {
    if (drainScheduled || closed || queued.isEmpty() || unwritten() >= MAX_UNWRITTEN_BYTES) {
      return;
    }
    drainScheduled = true;
    context.runOnContext(v -> {
      drainScheduled = false;
      drain();
    });
  }
}
