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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The edge's durable side of reliable delivery: the outbox of events (a segment log under
 * {@code <data>/store/outbox}) and the state store ({@code <data>/store/state}); and the
 * reliable channels of the edge's link, built on them.
 */
public final class EdgeDelivery {

  private final SegmentLog events;
  private final SegmentLog dropOldestEvents;
  private final SegmentLog stateWrites;
  private final StateStore state;
  private final LogOutbox outbox;
  private final LogOutbox dropOldestOutbox;
  private final DropOldest dropOldest;
  private final SyncMetrics syncMetrics;

  static final String CLOUD_STATE = "cloud";
  static final String REPORTED = "reported";
  static final String MARKS = "sync.marks";
  static final String DROP_OLDEST = "drop-oldest";
  static final String KEPT = "kept";

  private final Vertx vertx;
  private final Map<String, Long> marks;
  private final AtomicLong stateReceived = new AtomicLong();
  private final ArrivedState arrivedState = new ArrivedState();
  /** DeviceTwin and the DMI server both follow cloud state. */
  private final List<Consumer<List<Envelope>>> cloudStateHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final StateLog writes;
  private final StateSource reported;

  private EdgeDelivery(Vertx vertx, Logs logs, StateLog writes, Outboxes outboxes, SyncMetrics syncMetrics,
                       Map<String, Long> marks) {
    this.vertx = vertx;
    this.events = logs.events();
    this.dropOldestEvents = logs.dropOldestEvents();
    this.dropOldestOutbox = outboxes.dropOldest();
    this.dropOldest = outboxes.policy();
    this.stateWrites = logs.stateWrites();
    this.state = logs.state();
    this.outbox = outboxes.events();
    this.syncMetrics = syncMetrics;
    this.marks = marks;
    this.reported = new StateSource(vertx, state, writes, REPORTED, new DirtyKeysGauge(logs.meter()));
    this.writes = writes.durableHandler(maps -> {
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

  /**
   * Keeps a value of the edge's own (DeviceTwin's twins: what it took in and announced) durably
   * under {@code key}, never sent to the cloud: the future completes once it is durable.
   */
  public Future<Void> keep(String key, byte[] value) {
    return writes.put(KEPT, key, value);
  }

  /**
   * {@link #keep} without a force of its own: durable with the next write that is not deferred,
   * or within {@link io.vertedge.store.log.LogOptions#maxDeferral()}. For what the edge makes again
   * after a crash from what it holds durably, such as a twin's copy of desired values from the cloud.
   */
  public Future<Void> keepDeferred(String key, byte[] value) {
    return writes.putDeferred(KEPT, key, value);
  }

  /** Forgets what {@link #keep} kept under {@code key}; durable when the future completes. */
  public Future<Void> forget(String key) {
    return writes.delete(KEPT, key);
  }

  /** What {@link #keep} holds, by key, including every write accepted before this call. */
  public Future<Map<String, byte[]>> kept() {
    return writes.visible().compose(v -> vertx.executeBlocking(() -> {
      Map<String, byte[]> values = new TreeMap<>();
      for (Versioned entry : state.entries(KEPT)) {
        values.put(entry.key(), entry.value());
      }
      return values;
    }));
  }

  /**
   * Completes once every state write accepted so far is in the state store (they are applied a
   * few milliseconds after they are accepted): what reads the store after it sees them.
   */
  public Future<Void> stateApplied() {
    return writes.visible();
  }

  private record Logs(SegmentLog events, SegmentLog dropOldestEvents, SegmentLog stateWrites, StateStore state,
                      Meter meter) { }

  private record Outboxes(LogOutbox events, LogOutbox dropOldest, DropOldest policy) { }

  /** Opens (and recovers) the store on a worker, every event refused at the bound. */
  public static Future<EdgeDelivery> open(Vertx vertx, Path dataDir, OutboxBounds bounds, Meter meter) {
    return open(vertx, dataDir, bounds, DropOldest.none(), meter);
  }

  /** Opens (and recovers) the store on a worker; fails with the store's own precise message. */
  public static Future<EdgeDelivery> open(Vertx vertx, Path dataDir, OutboxBounds bounds, DropOldest dropOldest,
                                          Meter meter) {
    Path store = dataDir.resolve("store");
    return vertx.executeBlocking(() -> {
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        SegmentLog events = Stores.opened(opened, SegmentLog.open(store.resolve("outbox"), LogOptions.defaults(),
            new LogMetrics(meter, "outbox")));
        // small segments, so that dropping the oldest one frees an eighth of the bound, not all of it
        SegmentLog dropOldestEvents = Stores.opened(opened, SegmentLog.open(store.resolve("outbox-" + DROP_OLDEST),
            LogOptions.defaults().withSegmentBytes(Math.max(64 << 10, dropOldest.maxBytes() / 8)),
            new LogMetrics(meter, "outbox-" + DROP_OLDEST)));
        SegmentLog stateWrites = Stores.opened(opened, SegmentLog.open(store.resolve("state-log"),
            StateLog.LOG_OPTIONS, new LogMetrics(meter, "state-log")));
        StateStore state = Stores.opened(opened, MapDbStateStore.open(store.resolve("state"), new StateMetrics(meter)));
        StateLog writes = StateLog.recover(vertx, stateWrites, state);
        Outboxes outboxes = new Outboxes(
            new LogOutbox(vertx, events, bounds, LogOutbox.Overflow.REFUSE, new OutboxMetrics(meter, "events")),
            // by size only: an age bound would drop the newest readings too once the oldest are gone
            new LogOutbox(vertx, dropOldestEvents,
                new OutboxBounds(dropOldest.maxBytes(), ChronoUnit.FOREVER.getDuration()), LogOutbox.Overflow.DROP_OLDEST, new OutboxMetrics(meter, DROP_OLDEST)),
            dropOldest);
        outboxes.dropOldest().dropOverBound();
        return new EdgeDelivery(vertx, new Logs(events, dropOldestEvents, stateWrites, state, meter), writes, outboxes,
            new SyncMetrics(meter), StateSink.loadMarks(state, MARKS));
      } catch (Exception e) {
        Stores.closeQuietly(opened, e);
        throw e;
      }
    });
  }

  /**
   * The door's promise for an event: the future completes with its sequence once it is durable.
   * Its topic ({@code route.resource}) chooses the outbox: one of the {@code dropOldest} topics
   * goes to the outbox that drops its oldest when full, any other to the one that refuses then
   * ({@link OutboxFullException}).
   */
  public Future<Long> accept(Envelope event) {
    return dropOldest.covers(event) ? dropOldestOutbox.accept(event) : outbox.accept(event);
  }

  /** The outbox of events that are refused at its bound. */
  public LogOutbox outbox() {
    return outbox;
  }

  /** Events accepted and not yet acknowledged by the cloud, both outboxes together. */
  public long pendingEvents() {
    return outbox.pending() + dropOldestOutbox.pending();
  }

  public StateStore state() {
    return state;
  }

  /** The edge's reliable channels towards the cloud, confined to the edge hub's context. */
  public SyncSession session(Context context) {
    SyncReceiver cloudState = new SyncReceiver("cloud", Channel.RESOURCES,
        // deferred: the handlers below act before the force, so only the acknowledgement waits for it
        new StateSink(writes, CLOUD_STATE, MARKS, "down", marks, true), syncMetrics, context)
        .appliedHandler(batch -> {
          arrivedState.durable(batch);
          stateReceived.addAndGet(batch.size());
        })
        // readers act on what the cloud sent without waiting for its forced write (a desired value's
        // delta is on the way of a user's request); the cloud resends what is not acknowledged
        .arrivedHandler(envelope -> {
          arrivedState.arrived(envelope);
          List<Envelope> one = List.of(envelope);
          cloudStateHandlers.forEach(handler -> handler.accept(one));
        });
    return new SyncSession("cloud")
        .sender(new SyncSender("cloud", Channel.DATA, outbox, SyncSettings.defaults(), syncMetrics, context))
        .sender(new SyncSender("cloud", Channel.DATA, DROP_OLDEST, dropOldestOutbox, SyncSettings.defaults(),
            syncMetrics, context))
        .sender(new SyncSender("cloud", Channel.RESOURCES, reported, SyncSettings.defaults(), syncMetrics, context))
        .receiver(cloudState);
  }

  /**
   * What the cloud set for this node (devices, models, desired values), as last received, what
   * has arrived and is not yet durable included; works offline.
   */
  public Future<List<Envelope>> cloudState() {
    Map<String, Envelope> arrived = arrivedState.snapshot();
    return writes.visible().compose(v -> Stores.envelopes(vertx, state, CLOUD_STATE))
        .map(stored -> ArrivedState.overlay(stored, arrived));
  }

  /**
   * Called with cloud state as it arrives, in order, before it is durable (on the hub's event
   * loop: hop to your own context, do not block). It is acknowledged once forced in the state log
   * (a deferred force: {@link StateSink}); {@link #cloudState()} called after it has arrived sees it
   * ({@link ArrivedState}). If storing it fails the cloud sends it again, so a
   * handler may see the same envelope twice, never an older value after a newer one. Deletions
   * come as envelopes with operation {@code delete}. Add it before the link starts; each handler
   * added is called.
   */
  public EdgeDelivery cloudStateHandler(Consumer<List<Envelope>> handler) {
    cloudStateHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** State envelopes received from the cloud since this process started (each key's newest only). */
  public long stateReceived() {
    return stateReceived.get();
  }

  /** Flushes and closes (blocking: on a worker, after the link is gone). */
  public void close() {
    writes.stopApplying();
    outbox.close();
    dropOldestOutbox.close();
    Stores.closeAll(List.of(events, dropOldestEvents, stateWrites, state));
  }
}
