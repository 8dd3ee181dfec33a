package io.vertedge.load.link;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Sends a fixed number of messages as fast as the receiver's acks allow: never more than
 * {@code window} unacked, and in bounded bursts so the event loop stays responsive
 * (FIELD-NOTES: with TLS the write queue may never report full). Completes with the elapsed
 * nanoseconds once the last message is acked.
 */
final class WindowedSender {

  private static final int BURST = 512;

  private final Vertx vertx;
  private final long total;
  private final long window;
  private final Runnable sendOne;
  private final Promise<Long> done;
  private long sent;
  private long acked;
  private long started;
  private boolean scheduled;

  WindowedSender(Vertx vertx, long total, long window, Runnable sendOne, Promise<Long> done) {
    this.vertx = vertx;
    this.total = total;
    this.window = window;
    this.sendOne = sendOne;
    this.done = done;
  }

  void start() {
    started = System.nanoTime();
    pump();
  }

  void acked(long upTo) {
    acked = Math.max(acked, upTo);
    if (acked >= total) {
      done.tryComplete(System.nanoTime() - started);
    } else if (!scheduled) {
      pump();
    }
  }

  private void pump() {
    scheduled = false;
    int burst = 0;
    while (sent < total && sent - acked < window && burst++ < BURST) {
      sendOne.run();
      sent++;
    }
    if (sent < total && sent - acked < window) {
      scheduled = true;
      vertx.runOnContext(v -> pump());
    }
  }
}
