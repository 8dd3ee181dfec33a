package io.vertedge.mappers.driver;

import io.vertx.core.Vertx;

/** Creates drivers for one {@code protocolName}; a mapper keeps one factory per protocol it serves. */
public interface DriverFactory {

  /** The {@code spec.protocol.protocolName} this factory serves, e.g. {@code virtual} or {@code modbus}. */
  String protocolName();

  /** A new, not yet initialised driver for one device. */
  DeviceDriver create(Vertx vertx);
}
