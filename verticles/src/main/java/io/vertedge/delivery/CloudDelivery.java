package io.vertedge.delivery;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The cloud's durable side of reliable delivery: the inbound log of every edge's events
 * ({@code <data>/store/inbound}) and the state store ({@code <data>/store/state}); and, per
 * node, the reliable channels that outlive each of its links.
 */
public final class CloudDelivery {

  private final SegmentLog inboundRecords;
  private final SegmentLog stateWrites;
  private final StateStore state;
  private final InboundLog inbound;
  private final SyncMetrics syncMetrics;
  private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, StateSource> downstream = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final StateLog writes;
  private final DirtyKeysGauge dirtyKeys;
  private final ObservableLongGauge downstreamGauge;
  private final Map<String, Long> marks;
  private volatile BiConsumer<String, List<Envelope>> reportedHandler = (node, batch) -> { };
  static final String MARKS = "sync.marks";
  private static final String DOWNSTREAM = "down/";

  private record Logs(SegmentLog inbound, SegmentLog stateWrites, StateStore state, Meter meter) { }

  private CloudDelivery(Vertx vertx, Logs logs, InboundLog inbound, StateLog writes, SyncMetrics syncMetrics,
                        Map<String, Long> marks) {
    this.vertx = vertx;
    this.marks = marks;
    this.inboundRecords = logs.inbound();
    this.stateWrites = logs.stateWrites();
    this.state = logs.state();
    this.inbound = inbound;
    this.syncMetrics = syncMetrics;
    this.dirtyKeys = new DirtyKeysGauge(logs.meter());
    this.downstreamGauge = downstreamGauge(logs.meter(), downstream);
    this.writes = writes.durableHandler(maps -> maps.stream()
        .filter(map -> map.startsWith(DOWNSTREAM))
        .forEach(map -> downstreamOf(map.substring(DOWNSTREAM.length())).changed()));
  }

  /**
   * Opens and recovers on a worker. {@code consumer} gets every event once it is durable (and,
   * after a crash of the cloud, again for what the last checkpoint did not cover).
   */
  public static Future<CloudDelivery> open(Vertx vertx, Path dataDir, Meter meter,
                                           BiConsumer<String, Envelope> consumer) {
    Path store = dataDir.resolve("store");
    return vertx.executeBlocking(() -> {
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        SegmentLog records = Stores.opened(opened, SegmentLog.open(store.resolve("inbound"), LogOptions.defaults(),
            new LogMetrics(meter, "inbound")));
        SegmentLog stateWrites = Stores.opened(opened, SegmentLog.open(store.resolve("state-log"),
            StateLog.LOG_OPTIONS, new LogMetrics(meter, "state-log")));
        StateStore state = Stores.opened(opened, MapDbStateStore.open(store.resolve("state"), new StateMetrics(meter)));
        InboundLog inbound = InboundLog.recover(vertx, records, state, consumer);
        StateLog writes = StateLog.recover(vertx, stateWrites, state);
        return new CloudDelivery(vertx, new Logs(records, stateWrites, state, meter), inbound, writes,
            new SyncMetrics(meter), StateSink.loadMarks(state, MARKS));
      } catch (Exception e) {
        Stores.closeQuietly(opened, e);
        throw e;
      }
    });
  }

  public StateStore state() {
    return state;
  }

  /**
   * Durable state writes for the cloud's own maps (devices, models): accepted once forced in the
   * state log, in the state store a few ms later ({@link StateLog#visible()} waits for that).
   * Map names starting with {@code down/} or {@code up/} belong to the node channels.
   */
  public StateLog stateLog() {
    return writes;
  }

  /**
   * The node's reliable channels, made on its first link and kept across later ones (on the
   * first link's context: a later link on another event loop hops there per message).
   */
  public SyncSession session(String node, Context context) {
    return sessions.computeIfAbsent(node, name -> new SyncSession(name)
        .receiver(new SyncReceiver(name, Channel.DATA, inbound.sinkFor(name, ""), syncMetrics, context))
        .receiver(new SyncReceiver(name, Channel.DATA, EdgeDelivery.DROP_OLDEST,
            inbound.sinkFor(name, EdgeDelivery.DROP_OLDEST), syncMetrics, context))
        .receiver(new SyncReceiver(name, Channel.RESOURCES,
            new StateSink(writes, reportedMap(name), MARKS, reportedMap(name), marks, false), syncMetrics, context)
            .appliedHandler(batch -> reportedHandler.accept(name, batch)))
        .sender(new SyncSender(name, Channel.RESOURCES, downstreamOf(name), SyncSettings.defaults(), syncMetrics,
            context)));
  }

  /**
   * Sets a piece of the node's state (a device, a model, a desired value), keyed by the
   * envelope's {@code route.resource}: durable when the future completes, then on its way to
   * the node, coalesced with any older value of the same key that has not left yet.
   */
  public Future<Void> publish(String node, Envelope state) {
    String key = state.getRoute().getResource();
    if (key.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("state needs a key in route.resource"));
    }
    return writes.put(downstreamMap(node), key, state.toByteArray());
  }

  /**
   * Completes once every state write accepted so far is in the state store (they are applied a
   * few milliseconds after they are accepted): what reads the store after it sees them.
   */
  public Future<Void> stateApplied() {
    return writes.visible();
  }

  /** Removes a piece of the node's state; the node is told with a {@code delete} envelope. */
  public Future<Void> withdraw(String node, String key) {
    return writes.delete(downstreamMap(node), key);
  }

  /**
   * What the node is set to hold: every key published to it and not withdrawn, whether or not
   * it has arrived yet (the newest value of each). Sees every write accepted before the call.
   */
  public Future<List<Envelope>> published(String node) {
    return writes.visible().compose(v -> Stores.envelopes(vertx, state, downstreamMap(node)));
  }

  private StateSource downstreamOf(String node) {
    return downstream.computeIfAbsent(node, name -> new StateSource(vertx, state, writes, downstreamMap(name), dirtyKeys));
  }

  private static String downstreamMap(String node) {
    return DOWNSTREAM + node;
  }

  private static String reportedMap(String node) {
    return "up/" + node;
  }

  /**
   * Called with each batch a node reports of its state once it is durable in
   * {@link #reported(String)} (on the node's hub context: hop to your own, do not block).
   */
  public CloudDelivery reportedHandler(BiConsumer<String, List<Envelope>> handler) {
    this.reportedHandler = java.util.Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** What the node last reported of its state (twins, device status), newest per key. */
  public Future<List<Envelope>> reported(String node) {
    return writes.visible().compose(v -> Stores.envelopes(vertx, state, reportedMap(node)));
  }

  /** Forgets a deleted node's channels. */
  public void forget(String node) {
    sessions.remove(node);
  }

  /**
   * {@code vertedge_downstream_dirty_keys{node}}: each node's downstream queue, the state keys
   * changed for it and not yet acknowledged by it (as its source last counted them).
   */
  private static ObservableLongGauge downstreamGauge(Meter meter, Map<String, StateSource> downstream) {
    AttributeKey<String> node = AttributeKey.stringKey("node");
    return meter.gaugeBuilder("vertedge.downstream.dirty_keys").ofLongs().setUnit("{key}")
        .setDescription("State keys changed for a node and not yet acknowledged by it (counted at most once a second)")
        .buildWithCallback(gauge -> downstream.forEach((name, source) ->
            gauge.record(source.dirtyKeys(), Attributes.of(node, name))));
  }

  /** Flushes and closes (blocking: on a worker, after the links are gone). */
  public void close() {
    writes.stopApplying();
    downstreamGauge.close();
    Stores.closeAll(List.of(inboundRecords, stateWrites, state));
  }
}
