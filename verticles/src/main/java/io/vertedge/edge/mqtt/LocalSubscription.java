package io.vertedge.edge.mqtt;

import io.vertx.core.Future;

import java.util.function.Supplier;

/** An in-process subscription made with {@link MqttBroker#subscribe}; {@link #cancel()} ends it. */
public final class LocalSubscription {

  private final String filter;
  private final Supplier<Future<Void>> cancel;

  LocalSubscription(String filter, Supplier<Future<Void>> cancel) {
    this.filter = filter;
    this.cancel = cancel;
  }

  public String filter() {
    return filter;
  }

  /** Stops deliveries; messages already handed to the consumer are not taken back. Idempotent. */
  public Future<Void> cancel() {
    return cancel.get();
  }
}
