package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.delivery.StateLog;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.store.state.StateStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cloud's devices, models and device statuses: durable in the state store, served from
 * memory. Everything runs on this verticle's context, which makes each write's check-and-set
 * atomic: a {@link Mutation} sees the object as every earlier write left it, and gets the next
 * resourceVersion (one counter for the whole registry). A write answers once the state log made
 * it durable; reads, lists and watches see it from then on, in version order.
 */
public final class DeviceRegistry extends VerticleBase {

  /** Changes kept for watches to resume from. */
  public static final int DEFAULT_HISTORY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);

  private final StateStore store;
  private final RegistryStore writes;
  private final int historyCapacity;
  private final Map<ObjectKey, PendingWrite> accepted = new HashMap<>();
  private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
  private final Watchers watchers = new Watchers();
  private final Watchers acceptedWatchers = new Watchers();
  private ObjectIndex committed;
  private EventHistory history;
  private long lastAssigned;
  private volatile long committedVersion;

  public DeviceRegistry(StateStore store, StateLog log, int historyCapacity) {
    this.store = store;
    this.writes = new RegistryStore(log);
    this.historyCapacity = historyCapacity;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> RegistryStore.load(store)).onSuccess(loaded -> {
      committed = loaded.index();
      lastAssigned = loaded.resourceVersion();
      committedVersion = lastAssigned;
      history = new EventHistory(historyCapacity, lastAssigned);
      log.info("[resourceVersion: {}] device registry loaded {} objects", lastAssigned, loaded.objects());
    });
  }

  /** Waits for the writes accepted so far to be durable (their answers are then out). */
  @Override
  public Future<?> stop() {
    return Future.join(pending.stream().map(w -> w.promise.future()).toList());
  }

  /**
   * The context every registry operation and watch sink runs on. A component that must act in
   * the same step as a write ({@link #watchAccepted}) runs its work here too.
   */
  public Context context() {
    return context;
  }

  /** The version of the newest change readers can see. */
  public long resourceVersion() {
    return committedVersion;
  }

  /** The object; 404 NotFound when there is none. */
  public Future<Resource> get(ObjectKey key) {
    return onContext(() -> Optional.ofNullable(committed.get(key))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ResourceErrors.notFound(key.kind(), key.name()))));
  }

  /** The committed objects, as a reader on the registry's context sees them. */
  @FunctionalInterface
  public interface Committed {
    /** The object at {@code key}, or null. */
    Resource get(ObjectKey key);
  }

  /**
   * Runs {@code reader} on the registry's context against the committed objects: it sees them
   * exactly as every watch sink has seen them so far (sinks run on this context as each change
   * is committed), so what a sink derived and the objects it derived it from agree.
   */
  public <T> Future<T> read(Function<Committed, T> reader) {
    return onContext(() -> Future.succeededFuture(reader.apply(committed::get)));
  }

  /** One page of the objects the query selects, in {@code namespace/name} order. */
  public Future<ListPage> list(ListQuery query) {
    return onContext(() -> {
      List<Resource> items = new ArrayList<>();
      String continueToken = null;
      long remaining = 0;
      for (Resource resource : committed.after(query.kind(), query.after())) {
        if (!query.matches(resource)) {
          continue;
        }
        if (query.limit() > 0 && items.size() == query.limit()) {
          remaining++;
        } else {
          items.add(resource);
        }
      }
      if (remaining > 0) {
        Resource last = items.get(items.size() - 1);
        continueToken = ListQuery.continueToken(last.namespace() + "/" + last.name(), committedVersion);
      }
      return Future.succeededFuture(new ListPage(items, committedVersion, continueToken, remaining));
    });
  }

  /** Applies the mutation to the object at {@code key}; completes once the change is durable. */
  public Future<Mutation.Written> write(ObjectKey key, Mutation mutation) {
    return onContext(() -> {
      Resource current = current(key);
      Mutation.Outcome outcome = mutation.apply(current, this::acceptedModel);
      if (outcome.object() == null) {
        if (current == null) {
          throw ResourceErrors.notFound(key.kind(), key.name());
        }
        long version = ++lastAssigned;
        Resource deleted = withVersion(current, version);
        return accept(key, new WatchEvent(WatchEvent.Type.DELETED, deleted, current, version), outcome,
            writes.delete(key, version));
      }
      requireKey(key, outcome.object());
      if (current != null && withVersion(outcome.object(), RegistryStore.resourceVersion(current)).equals(current)) {
        // nothing changes: no new version, no write, no event (as the apiserver does)
        return Future.succeededFuture(new Mutation.Written(current, outcome.warnings(), false));
      }
      long version = ++lastAssigned;
      Resource stored = withVersion(outcome.object(), version);
      WatchEvent.Type type = current == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
      return accept(key, new WatchEvent(type, stored, current, version), outcome, writes.put(key, stored));
    });
  }

  /**
   * Watches the kinds: the sink gets, on the registry's context, every change after
   * {@code from}, then each new one as it is committed. {@code from} 0 first sends the objects
   * that exist as ADDED. 410 Gone when {@code from} is older than the history.
   */
  public Future<WatchSubscription> watch(Set<ResourceKind> kinds, long from, Consumer<WatchEvent> sink) {
    return onContext(() -> {
      List<WatchEvent> backlog = from == 0 ? WatchBacklog.existing(committed, Map.of(), kinds) : history.after(from);
      Watchers.Watcher watcher = watchers.add(kinds, from == 0 ? committedVersion : from, sink);
      watchers.replay(watcher, backlog);
      return Future.succeededFuture(subscription(watchers, watcher));
    });
  }

  /**
   * Like {@link #watch} from 0, except that each change reaches the sink as the registry accepts
   * it — in the same step as the write's append to the state log, before it is durable — not
   * once it is committed; the objects that exist come first, accepted writes included. For the
   * DeviceController: what it appends to the state log in its sink lands behind the write in
   * the same log, so the two are forced together (one force on a desired value's way, not two),
   * and whatever of it is durable, the write is too. The sink runs on {@link #context()}. A
   * write the log then fails has been seen anyway; after a failure the log takes nothing more
   * until the cloud restarts, so nothing it derived becomes durable either.
   */
  public Future<WatchSubscription> watchAccepted(Set<ResourceKind> kinds, Consumer<WatchEvent> sink) {
    return onContext(() -> {
      Watchers.Watcher watcher = acceptedWatchers.add(kinds, lastAssigned, sink);
      acceptedWatchers.replay(watcher, WatchBacklog.existing(committed, accepted, kinds));
      return Future.succeededFuture(subscription(acceptedWatchers, watcher));
    });
  }

  private WatchSubscription subscription(Watchers of, Watchers.Watcher watcher) {
    return new WatchSubscription() {
      @Override
      public void cancel() {
        onContext(() -> {
          of.remove(watcher);
          return Future.succeededFuture();
        });
      }

      @Override
      public void bookmark(ResourceKind kind) {
        onContext(() -> {
          watcher.bookmark(kind, committedVersion);
          return Future.succeededFuture();
        });
      }
    };
  }

  /** A live watch. */
  public interface WatchSubscription {
    /** Stops the events; idempotent. */
    void cancel();

    /** Sends the sink a BOOKMARK of {@code kind} at the newest version, in order with the events. */
    void bookmark(ResourceKind kind);
  }

  private Future<Mutation.Written> accept(ObjectKey key, WatchEvent event, Mutation.Outcome outcome,
                                          Future<Void> durable) {
    PendingWrite write = new PendingWrite(key, event, outcome.warnings());
    pending.addLast(write);
    accepted.put(key, write);
    acceptedWatchers.publish(event);
    durable.onComplete(ar -> {
      write.finish(ar.cause());
      commitFinished();
    });
    return write.promise.future();
  }

  // in acceptance order: a write the log answered early waits for the ones before it
  private void commitFinished() {
    while (!pending.isEmpty() && pending.peekFirst().finished()) {
      PendingWrite write = pending.removeFirst();
      if (accepted.get(write.key) == write) {
        accepted.remove(write.key);
      }
      if (write.failure() != null) {
        // the log could not take it: the client gets a 500; a later write of the same object, if the log
        // takes that one, is committed on its own
        log.error("[object: {}] a device registry write could not be made durable", write.key, write.failure());
        write.promise.fail(write.failure());
        continue;
      }
      if (write.after() == null) {
        committed.remove(write.key);
      } else {
        committed.put(write.key, write.after());
      }
      committedVersion = write.event.resourceVersion();
      history.add(write.event);
      watchers.publish(write.event);
      write.promise.complete(write.written());
    }
  }

  private Resource current(ObjectKey key) {
    PendingWrite newest = accepted.get(key);
    return newest != null ? newest.after() : committed.get(key);
  }

  private Optional<DeviceModel> acceptedModel(String namespace, String name) {
    return Optional.ofNullable(current(new ObjectKey(ResourceKind.DEVICE_MODEL, namespace, name)))
        .filter(DeviceModel.class::isInstance).map(DeviceModel.class::cast);
  }

  private static void requireKey(ObjectKey key, Resource object) {
    if (object.kind() != key.kind() || !key.name().equals(object.name()) || !key.namespace().equals(object.namespace())) {
      throw new IllegalStateException("a mutation of " + key + " returned " + object);
    }
  }

  private static Resource withVersion(Resource resource, long version) {
    return resource.with(List.of("metadata", "resourceVersion"), Long.toString(version));
  }

  private <T> Future<T> onContext(Callable<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    Runnable run = () -> {
      try {
        action.call().onComplete(promise);
      } catch (Throwable failure) {
        promise.fail(failure);
      }
    };
    if (context == null) {
      return Future.failedFuture(ApiException.unavailable("the device registry is not started"));
    }
    if (Vertx.currentContext() == context) {
      run.run();
    } else {
      context.runOnContext(v -> run.run());
    }
    return promise.future();
  }
}
