package io.vertedge.mappers.driver;

import io.vertx.core.Future;

/**
 * One device behind one protocol. A mapper creates a driver per device, calls {@link #init} once,
 * then {@link #read} and {@link #write} any number of times, and finally {@link #stop}.
 *
 * <p>Every method returns at once and completes its future on the caller's Vert.x context; a
 * driver on a blocking library moves that work to a worker with {@code executeBlocking}. Values
 * are strings in the property's {@link PropertyType} as KubeEdge's twin carries them.
 */
public interface DeviceDriver {

  /**
   * Validates the whole device (protocol configData and every property's visitors) and opens the
   * device. Invalid configuration fails the future with an {@link InvalidFieldException} naming the
   * field; an unreachable device does not fail it: the driver starts {@link DeviceHealth#OFFLINE}
   * and keeps trying on each read.
   */
  Future<Void> init(DeviceSpec device);

  /** Reads one property; fails with {@link InvalidFieldException} for a property the device lacks. */
  Future<String> read(String property);

  /**
   * Writes one property. A value that does not parse as the property's type, or a
   * {@link AccessMode#READ_ONLY} property, fails with {@link InvalidFieldException} before anything
   * is sent to the device.
   */
  Future<Void> write(String property, String value);

  /** The device's state as the driver last saw it. */
  DeviceHealth health();

  /** Closes the device; idempotent. */
  Future<Void> stop();
}
