package io.vertedge.delivery;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertedge.link.sync.SyncSource;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Coalesced state on its way to the peer: one versioned map of the state store, whose entries
 * are envelopes keyed by resource. The peer gets the newest value of each key changed since the
 * version it holds (a deletion as a {@code delete} envelope), never an older value after a newer
 * one: what crosses the link grows with the keys that changed, not with how often they did.
 * Written through the {@link StateLog}, read through it too: a write goes out once it is
 * durable in the log, from memory, without waiting for the state store's commit; the store is
 * read only for what was applied after the version asked for (a peer catching up).
 */
public final class StateSource implements SyncSource {

  public static final String DELETE = "delete";

  static final long DIRTY_COUNT_INTERVAL_MILLIS = 1_000;

  private final Vertx vertx;
  private final StateStore store;
  private final StateLog writes;
  private final String map;
  private Runnable newData = () -> { };
  private volatile long acked;
  private volatile long dirtyKeys;
  private boolean counting;
  private boolean countAgain;

  StateSource(Vertx vertx, StateStore store, StateLog writes, String map, DirtyKeysGauge gauge) {
    this.vertx = vertx;
    this.store = store;
    this.writes = writes;
    this.map = map;
    gauge.track(this);
    countDirtyKeys();
  }

  /** Tells the sender that the map changed (once a write is durable in the log; any thread). */
  public void changed() {
    newData.run();
    countDirtyKeys();
  }

  /** Keys changed and not yet acknowledged, as last counted (at most a second old while they change). */
  long dirtyKeys() {
    return dirtyKeys;
  }

  /** One count on a worker at a time, at most one a second; a change meanwhile asks for one more. */
  private void countDirtyKeys() {
    synchronized (this) {
      if (counting) {
        countAgain = true;
        return;
      }
      counting = true;
      countAgain = false;
    }
    vertx.executeBlocking(() -> store.countChangedSince(map, acked), false).onComplete(ar -> {
      if (ar.succeeded()) {
        dirtyKeys = ar.result();
      }
      vertx.setTimer(DIRTY_COUNT_INTERVAL_MILLIS, id -> {
        boolean again;
        synchronized (this) {
          counting = false;
          again = countAgain;
        }
        if (again) {
          countDirtyKeys();
        }
      });
    });
  }

  @Override
  public Future<List<Envelope>> read(long after, int max) {
    Optional<List<Versioned>> inMemory = writes.changedInMemory(map, after, max);
    if (inMemory.isPresent()) {
      try {
        return Future.succeededFuture(envelopesOf(inMemory.get()));
      } catch (InvalidProtocolBufferException e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> envelopesOf(writes.changedSince(map, after, max)), false);
  }

  private static List<Envelope> envelopesOf(List<Versioned> entries) throws InvalidProtocolBufferException {
    List<Envelope> batch = new ArrayList<>(entries.size());
    for (Versioned entry : entries) {
      batch.add(envelopeOf(entry));
    }
    return batch;
  }

  @Override
  public void acknowledged(long mark) {
    // state stays: it is the current value, not a message in flight; only the count changes
    if (mark > acked) {
      acked = mark;
      countDirtyKeys();
    }
  }

  @Override
  public void newDataHandler(Runnable handler) {
    this.newData = handler;
  }

  private static Envelope envelopeOf(Versioned entry) throws InvalidProtocolBufferException {
    Envelope.Builder envelope = entry.isTombstone()
        ? Envelope.newBuilder().setRoute(Route.newBuilder().setOperation(DELETE).setResource(entry.key()))
        : Envelope.parseFrom(entry.value()).toBuilder();
    if (envelope.getResourceVersion().isEmpty()) {
      // the writer's own version (a device's registry resourceVersion) wins: it is the one users see
      envelope.setResourceVersion(Long.toString(entry.version()));
    }
    return envelope.setSequence(entry.version()).setChannel(Channel.RESOURCES).build();
  }
}
