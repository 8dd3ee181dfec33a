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

/**
 * Coalesced state on its way to the peer: one versioned map of the state store, whose entries
 * are envelopes keyed by resource. The peer gets the newest value of each key changed since the
 * version it holds (a deletion as a {@code delete} envelope), never an older value after a newer
 * one: what crosses the link grows with the keys that changed, not with how often they did.
 */
public final class StateSource implements SyncSource {

  public static final String DELETE = "delete";

  private final Vertx vertx;
  private final StateStore store;
  private final String map;
  private Runnable newData = () -> { };

  public StateSource(Vertx vertx, StateStore store, String map) {
    this.vertx = vertx;
    this.store = store;
    this.map = map;
  }

  /** Tells the sender that the map changed (after a commit). */
  public void changed() {
    newData.run();
  }

  @Override
  public Future<List<Envelope>> read(long after, int max) {
    return vertx.executeBlocking(() -> {
      List<Envelope> batch = new ArrayList<>();
      for (Versioned entry : store.changedSince(map, after, max)) {
        batch.add(envelopeOf(entry));
      }
      return batch;
    }, false);
  }

  @Override
  public void acknowledged(long mark) {
    // state stays: it is the current value, not a message in flight
  }

  @Override
  public void newDataHandler(Runnable handler) {
    this.newData = handler;
  }

  private static Envelope envelopeOf(Versioned entry) throws InvalidProtocolBufferException {
    Envelope.Builder envelope = entry.isTombstone()
        ? Envelope.newBuilder().setRoute(Route.newBuilder().setOperation(DELETE).setResource(entry.key()))
        : Envelope.parseFrom(entry.value()).toBuilder();
    return envelope.setSequence(entry.version()).setResourceVersion(Long.toString(entry.version()))
        .setChannel(Channel.RESOURCES).build();
  }
}
