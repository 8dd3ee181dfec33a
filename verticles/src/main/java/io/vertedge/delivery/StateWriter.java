package io.vertedge.delivery;

import io.vertedge.store.state.Batch;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for the state store: writes queue while a commit runs and go together in the
 * next, so the ≈ 5 ms a MapDB commit costs is paid per batch, not per write. Each write's
 * future completes once its commit is done.
 */
public final class StateWriter {

  private record Pending(Batch.Write write, Promise<Void> committed) { }

  private final Vertx vertx;
  private final StateStore store;
  private final List<Pending> queued = new ArrayList<>();
  private boolean committing;

  public StateWriter(Vertx vertx, StateStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  public Future<Void> put(String map, String key, byte[] value) {
    return enqueue(new Batch.Write(map, key, value));
  }

  public Future<Void> delete(String map, String key) {
    return enqueue(new Batch.Write(map, key, null));
  }

  private Future<Void> enqueue(Batch.Write write) {
    Promise<Void> committed = Promise.promise();
    synchronized (this) {
      queued.add(new Pending(write, committed));
    }
    commitNext();
    return committed.future();
  }

  private void commitNext() {
    List<Pending> batch;
    synchronized (this) {
      if (committing || queued.isEmpty()) {
        return;
      }
      committing = true;
      batch = new ArrayList<>(queued);
      queued.clear();
    }
    Batch writes = new Batch();
    for (Pending pending : batch) {
      Batch.Write write = pending.write();
      if (write.value() == null) {
        writes.delete(write.map(), write.key());
      } else {
        writes.put(write.map(), write.key(), write.value());
      }
    }
    vertx.executeBlocking(() -> {
      store.apply(writes);
      return null;
    }, false).onComplete(ar -> {
      synchronized (this) {
        committing = false;
      }
      for (Pending pending : batch) {
        if (ar.succeeded()) {
          pending.committed().complete();
        } else {
          pending.committed().fail(ar.cause());
        }
      }
      commitNext();
    });
  }
}
