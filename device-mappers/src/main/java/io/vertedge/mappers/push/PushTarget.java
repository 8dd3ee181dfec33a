package io.vertedge.mappers.push;

import io.vertx.core.Future;

/** Where one property's readings go through one push method. */
public interface PushTarget {

  /**
   * Sends one reading; the future completes once it is handed over (HTTP answered, MQTT
   * published at its QoS, OTLP exported), or fails once the method gives up on it after its own
   * bounded retries. A target in an outage logs once, not once per reading.
   */
  Future<Void> push(Reading reading);

  /** The property no longer pushes here (device stopped or changed); a shared connection closes with its last target. */
  void release();
}
