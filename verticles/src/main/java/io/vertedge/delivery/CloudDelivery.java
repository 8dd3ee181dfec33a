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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The cloud's durable side of reliable delivery: the inbound log of every edge's events
 * ({@code <data>/store/inbound}) and the state store ({@code <data>/store/state}); and, per
 * node, the reliable channels that outlive each of its links.
 */
public final class CloudDelivery {

  private final SegmentLog inboundRecords;
  private final StateStore state;
  private final InboundLog inbound;
  private final SyncMetrics syncMetrics;
  private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, StateSource> downstream = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final StateWriter writer;
  private final Map<String, Long> marks;
  static final String MARKS = "sync.marks";

  private CloudDelivery(Vertx vertx, SegmentLog inboundRecords, StateStore state, InboundLog inbound,
                        SyncMetrics syncMetrics, Map<String, Long> marks) {
    this.vertx = vertx;
    this.marks = marks;
    this.inboundRecords = inboundRecords;
    this.state = state;
    this.inbound = inbound;
    this.syncMetrics = syncMetrics;
    this.writer = new StateWriter(vertx, state);
  }

  /**
   * Opens and recovers on a worker. {@code consumer} gets every event once it is durable (and,
   * after a crash of the cloud, again for what the last checkpoint did not cover).
   */
  public static Future<CloudDelivery> open(Vertx vertx, Path dataDir, Meter meter,
                                           BiConsumer<String, Envelope> consumer) {
    Path store = dataDir.resolve("store");
    return vertx.executeBlocking(() -> {
      SegmentLog records = SegmentLog.open(store.resolve("inbound"), LogOptions.defaults(), new LogMetrics(meter, "inbound"));
      StateStore state;
      try {
        state = MapDbStateStore.open(store.resolve("state"), new StateMetrics(meter));
      } catch (RuntimeException e) {
        records.close();
        throw e;
      }
      InboundLog inbound = InboundLog.recover(vertx, records, state, consumer);
      return new CloudDelivery(vertx, records, state, inbound, new SyncMetrics(meter),
          StateSink.loadMarks(state, MARKS));
    });
  }

  public StateStore state() {
    return state;
  }

  /**
   * The node's reliable channels, made on its first link and kept across later ones (on the
   * first link's context: a later link on another event loop hops there per message).
   */
  public SyncSession session(String node, Context context) {
    return sessions.computeIfAbsent(node, name -> new SyncSession(name)
        .receiver(new SyncReceiver(name, Channel.DATA, inbound.sinkFor(name), syncMetrics, context))
        .receiver(new SyncReceiver(name, Channel.RESOURCES,
            new StateSink(vertx, state, reportedMap(name), MARKS, reportedMap(name), marks), syncMetrics, context))
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
    return writer.put(downstreamMap(node), key, state.toByteArray()).onSuccess(v -> downstreamOf(node).changed());
  }

  /** Removes a piece of the node's state; the node is told with a {@code delete} envelope. */
  public Future<Void> withdraw(String node, String key) {
    return writer.delete(downstreamMap(node), key).onSuccess(v -> downstreamOf(node).changed());
  }

  private StateSource downstreamOf(String node) {
    return downstream.computeIfAbsent(node, name -> new StateSource(vertx, state, downstreamMap(name)));
  }

  private static String downstreamMap(String node) {
    return "down/" + node;
  }

  private static String reportedMap(String node) {
    return "up/" + node;
  }

  /** What the node last reported of its state (twins, device status), newest per key. */
  public Future<List<Envelope>> reported(String node) {
    return vertx.executeBlocking(() -> {
      List<Envelope> entries = new ArrayList<>();
      for (Versioned entry : state.entries(reportedMap(node))) {
        entries.add(Envelope.parseFrom(entry.value()));
      }
      return entries;
    });
  }

  /** Forgets a deleted node's channels. */
  public void forget(String node) {
    sessions.remove(node);
  }

  /** Flushes and closes (blocking: on a worker, after the links are gone). */
  public void close() {
    try {
      inboundRecords.close();
    } finally {
      state.close();
    }
  }
}
