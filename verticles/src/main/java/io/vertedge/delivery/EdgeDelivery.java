package io.vertedge.delivery;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncMetrics;
import io.vertedge.link.sync.SyncReceiver;
import io.vertedge.link.sync.SyncSender;
import io.vertedge.link.sync.SyncSession;
import io.vertedge.link.sync.SyncSettings;
import io.vertedge.store.log.LogMetrics;
import io.vertedge.store.log.LogOptions;
import io.vertedge.store.log.SegmentLog;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The edge's durable side of reliable delivery: the outbox of events (a segment log under
 * {@code <data>/store/outbox}) and the state store ({@code <data>/store/state}); and the
 * reliable channels of the edge's link, built on them.
 */
public final class EdgeDelivery {

  private final SegmentLog events;
  private final SegmentLog stateWrites;
  private final StateStore state;
  private final LogOutbox outbox;
  private final SyncMetrics syncMetrics;

  static final String CLOUD_STATE = "cloud";
  static final String REPORTED = "reported";
  static final String MARKS = "sync.marks";

  private final Vertx vertx;
  private final Map<String, Long> marks;
  private final AtomicLong stateReceived = new AtomicLong();
  private final StateLog writes;
  private final StateSource reported;

  private EdgeDelivery(Vertx vertx, Logs logs, StateLog writes, LogOutbox outbox, SyncMetrics syncMetrics,
                       Map<String, Long> marks) {
    this.vertx = vertx;
    this.events = logs.events();
    this.stateWrites = logs.stateWrites();
    this.state = logs.state();
    this.outbox = outbox;
    this.syncMetrics = syncMetrics;
    this.marks = marks;
    this.reported = new StateSource(vertx, state, REPORTED);
    this.writes = writes.appliedHandler(maps -> {
      if (maps.contains(REPORTED)) {
        reported.changed();
      }
    });
  }

  /**
   * Reports a piece of this node's state (a reported twin value, a device's status), keyed by
   * {@code route.resource}: durable when the future completes (forced in the state log), then
   * sent to the cloud coalesced — only the newest value of a key waits.
   */
  public Future<Void> report(Envelope state) {
    String key = state.getRoute().getResource();
    if (key.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("state needs a key in route.resource"));
    }
    return writes.put(REPORTED, key, state.toByteArray());
  }

  private record Logs(SegmentLog events, SegmentLog stateWrites, StateStore state) { }

  /**
   * Completes once every state write accepted so far is in the state store (they are applied a
   * few milliseconds after they are accepted): what reads the store after it sees them.
   */
  public Future<Void> stateApplied() {
    return writes.visible();
  }

  /** Opens (and recovers) the store on a worker; fails with the store's own precise message. */
  public static Future<EdgeDelivery> open(Vertx vertx, Path dataDir, OutboxBounds bounds, Meter meter) {
    Path store = dataDir.resolve("store");
    return vertx.executeBlocking(() -> {
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        SegmentLog events = Stores.opened(opened, SegmentLog.open(store.resolve("outbox"), LogOptions.defaults(),
            new LogMetrics(meter, "outbox")));
        SegmentLog stateWrites = Stores.opened(opened, SegmentLog.open(store.resolve("state-log"),
            LogOptions.defaults(), new LogMetrics(meter, "state-log")));
        StateStore state = Stores.opened(opened, MapDbStateStore.open(store.resolve("state"), new StateMetrics(meter)));
        StateLog writes = StateLog.recover(vertx, stateWrites, state);
        return new EdgeDelivery(vertx, new Logs(events, stateWrites, state), writes,
            new LogOutbox(vertx, events, bounds), new SyncMetrics(meter), StateSink.loadMarks(state, MARKS));
      } catch (Exception e) {
        Stores.closeQuietly(opened, e);
        throw e;
      }
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
    SyncReceiver cloudState = new SyncReceiver("cloud", Channel.RESOURCES,
        new StateSink(vertx, state, CLOUD_STATE, MARKS, "down", marks), syncMetrics, context)
        .appliedHandler(batch -> stateReceived.addAndGet(batch.size()));
    return new SyncSession("cloud")
        .sender(new SyncSender("cloud", Channel.DATA, outbox, SyncSettings.defaults(), syncMetrics, context))
        .sender(new SyncSender("cloud", Channel.RESOURCES, reported, SyncSettings.defaults(), syncMetrics, context))
        .receiver(cloudState);
  }

  /** What the cloud set for this node (devices, models, desired values), as last received; works offline. */
  public Future<List<Envelope>> cloudState() {
    return vertx.executeBlocking(() -> {
      List<Envelope> entries = new ArrayList<>();
      for (Versioned entry : state.entries(CLOUD_STATE)) {
        entries.add(Envelope.parseFrom(entry.value()));
      }
      return entries;
    });
  }

  /** State envelopes received from the cloud since this process started (each key's newest only). */
  public long stateReceived() {
    return stateReceived.get();
  }

  /** Flushes and closes (blocking: on a worker, after the link is gone). */
  public void close() {
    Stores.closeAll(List.of(events, stateWrites, state));
  }
}
