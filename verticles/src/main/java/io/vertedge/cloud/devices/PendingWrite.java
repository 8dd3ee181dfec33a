package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Resource;
import io.vertx.core.Promise;

import java.util.List;

/**
 * A write the registry accepted and the state log has not yet made durable. Writes are
 * committed in the order they were accepted (their resourceVersion order), whatever the order
 * in which the log answers, so watchers see versions only grow.
 */
final class PendingWrite {

  final ObjectKey key;
  final WatchEvent event;
  final List<String> warnings;
  final Promise<Mutation.Written> promise = Promise.promise();
  private boolean finished;
  private Throwable failure;

  PendingWrite(ObjectKey key, WatchEvent event, List<String> warnings) {
    this.key = key;
    this.event = event;
    this.warnings = warnings;
  }

  /** The object once this write is in, or null for a deletion. */
  Resource after() {
    return event.type() == WatchEvent.Type.DELETED ? null : event.object();
  }

  void finish(Throwable failure) {
    this.finished = true;
    this.failure = failure;
  }

  boolean finished() {
    return finished;
  }

  Throwable failure() {
    return failure;
  }

  Mutation.Written written() {
    return new Mutation.Written(event.object(), warnings, event.type() == WatchEvent.Type.ADDED);
  }
}
