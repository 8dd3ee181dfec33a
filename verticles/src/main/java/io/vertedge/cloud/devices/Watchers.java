package io.vertedge.cloud.devices;

import io.vertedge.devices.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The registry's live watches: each gets, on the registry's context and in version order, the
 * committed changes of its kinds after the version it started from. A watcher whose sink throws
 * is dropped (logged), so one broken client cannot stop the others.
 */
final class Watchers {

  private static final Logger log = LoggerFactory.getLogger(Watchers.class);

  /** One watch. */
  static final class Watcher {
    private final Set<ResourceKind> kinds;
    private final Consumer<WatchEvent> sink;
    private long after;
    private boolean cancelled;

    Watcher(Set<ResourceKind> kinds, long after, Consumer<WatchEvent> sink) {
      this.kinds = Set.copyOf(kinds);
      this.after = after;
      this.sink = sink;
    }

    boolean wants(WatchEvent event) {
      return !cancelled && kinds.contains(event.kind()) && event.resourceVersion() > after;
    }

    boolean wantsKind(WatchEvent event) {
      return !cancelled && kinds.contains(event.kind());
    }

    void deliver(WatchEvent event) {
      after = Math.max(after, event.resourceVersion());
      sink.accept(event);
    }

    /** A bookmark at the newest version this watcher has reached. */
    void bookmark(ResourceKind kind, long committed) {
      if (!cancelled) {
        sink.accept(WatchEvent.bookmark(kind, Math.max(after, committed)));
      }
    }

    void cancel() {
      cancelled = true;
    }
  }

  private final List<Watcher> watchers = new ArrayList<>();

  Watcher add(Set<ResourceKind> kinds, long after, Consumer<WatchEvent> sink) {
    Watcher watcher = new Watcher(kinds, after, sink);
    watchers.add(watcher);
    return watcher;
  }

  void remove(Watcher watcher) {
    watcher.cancel();
    watchers.remove(watcher);
  }

  /**
   * Delivers a backlog to one watcher: the history after its version, or the objects that exist
   * (in key order, so their versions are not in order; the watcher's version is already past them).
   */
  void replay(Watcher watcher, List<WatchEvent> events) {
    for (WatchEvent event : events) {
      if (watcher.wantsKind(event) && !deliver(watcher, event)) {
        return;
      }
    }
  }

  void publish(WatchEvent event) {
    for (Watcher watcher : List.copyOf(watchers)) {
      if (watcher.wants(event)) {
        deliver(watcher, event);
      }
    }
  }

  private boolean deliver(Watcher watcher, WatchEvent event) {
    try {
      watcher.deliver(event);
      return true;
    } catch (RuntimeException e) {
      log.error("[resourceVersion: {}] a device watch failed to take an event; it is closed", event.resourceVersion(),
          e);
      remove(watcher);
      return false;
    }
  }
}
