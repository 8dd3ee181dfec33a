package io.vertedge.delivery;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.sync.SyncMetrics;
import io.vertedge.link.sync.SyncSender;
import io.vertedge.link.sync.SyncSession;
import io.vertedge.link.sync.SyncSettings;
import io.vertedge.store.log.LogMetrics;
import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/**
 * The edge's durable side of reliable delivery: the outbox of events (a segment log under
 * {@code <data>/store/outbox}) and the state store ({@code <data>/store/state}); and the
 * reliable channels of the edge's link, built on them.
 */
public final class EdgeDelivery {

  private final SegmentLog events;
  private final StateStore state;
  private final LogOutbox outbox;
  private final SyncMetrics syncMetrics;

  private EdgeDelivery(SegmentLog events, StateStore state, LogOutbox outbox, SyncMetrics syncMetrics) {
    this.events = events;
    this.state = state;
    this.outbox = outbox;
    this.syncMetrics = syncMetrics;
  }

  /** Opens (and recovers) the store on a worker; fails with the store's own precise message. */
  public static Future<EdgeDelivery> open(Vertx vertx, Path dataDir, OutboxBounds bounds, Meter meter) {
    Path store = dataDir.resolve("store");
    return vertx.executeBlocking(() -> {
      SegmentLog events = SegmentLog.open(store.resolve("outbox"), LogOptions.defaults(), new LogMetrics(meter, "outbox"));
      StateStore state;
      try {
        state = MapDbStateStore.open(store.resolve("state"), new StateMetrics(meter));
      } catch (RuntimeException e) {
        events.close();
        throw e;
      }
      return new EdgeDelivery(events, state, new LogOutbox(vertx, events, bounds), new SyncMetrics(meter));
    });
  }

  /** The door's promise for events: accepted once durable. */
  public LogOutbox outbox() {
    return outbox;
  }

  public StateStore state() {
    return state;
  }

  /** The edge's reliable channels towards the cloud, confined to the edge hub's context. */
  public SyncSession session(Context context) {
    return new SyncSession("cloud")
        .sender(new SyncSender("cloud", Channel.DATA, outbox, SyncSettings.defaults(), syncMetrics, context));
  }

  /** Flushes and closes (blocking: on a worker, after the link is gone). */
  public void close() {
    try {
      events.close();
    } finally {
      state.close();
    }
  }
}
