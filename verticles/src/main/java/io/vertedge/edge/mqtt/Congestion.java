package io.vertedge.edge.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Whether a connected client's queue holds publishers back: from half of either queue bound
 * until it is back under a quarter of both. Publishers wait on {@link #hold()}; one that keeps
 * them waiting for {@code slowSubscriberTimeout} gets {@code onTimeout} (it is disconnected).
 */
final class Congestion {

  private final Vertx vertx;
  private final BrokerLimits limits;
  private final Runnable onTimeout;
  private Promise<Void> drained;
  private long timer = -1;

  Congestion(Vertx vertx, BrokerLimits limits, Runnable onTimeout) {
    this.vertx = vertx;
    this.limits = limits;
    this.onTimeout = onTimeout;
  }

  /** Re-evaluates with the queue's current size; true when this call ended a congestion. */
  boolean update(int messages, long bytes) {
    if (drained == null) {
      if (messages * 2L >= limits.maxQueuedMessages() || bytes * 2 >= limits.maxQueuedBytes()) {
        begin();
      }
      return false;
    }
    if (messages * 4L <= limits.maxQueuedMessages() && bytes * 4 <= limits.maxQueuedBytes()) {
      release();
      return true;
    }
    return false;
  }

  /** What a publisher of a message for this client waits on; {@code null} when it need not wait. */
  Future<Void> hold() {
    return drained == null ? null : drained.future();
  }

  /** Lets every waiting publisher go: the queue drained, or the client is gone. */
  void release() {
    Promise<Void> waiting = drained;
    if (waiting != null) {
      drained = null;
      vertx.cancelTimer(timer);
      waiting.complete();
    }
  }

  private void begin() {
    drained = Promise.promise();
    Promise<Void> episode = drained;
    timer = vertx.setTimer(limits.slowSubscriberTimeout().toMillis(), id -> {
      if (drained == episode) {
        onTimeout.run();
      }
    });
  }
}
