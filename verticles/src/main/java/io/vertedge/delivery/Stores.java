package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/** Opening several stores as one (what opened is closed again when a later one fails), and reading them. */
final class Stores {

  private Stores() { }

  static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T store) {
    opened.add(store);
    return store;
  }

  /** Closes what opened, newest first, after {@code failure}; their own failures go with it. */
  static void closeQuietly(List<AutoCloseable> opened, Exception failure) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Closes every store even when one fails to; the first failure is thrown after all were tried. */
  static void closeAll(List<? extends AutoCloseable> stores) {
    RuntimeException first = null;
    for (AutoCloseable store : stores) {
      try {
        store.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The envelopes a state map holds, newest value per key, read on a worker. */
  static Future<List<Envelope>> envelopes(Vertx vertx, StateStore state, String map) {
    return vertx.executeBlocking(() -> {
      List<Envelope> envelopes = new ArrayList<>();
      for (Versioned entry : state.entries(map)) {
        envelopes.add(Envelope.parseFrom(entry.value()));
      }
      return envelopes;
    });
  }
}
