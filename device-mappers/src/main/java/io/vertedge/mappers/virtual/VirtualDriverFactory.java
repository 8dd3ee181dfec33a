package io.vertedge.mappers.virtual;

import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DriverFactory;
import io.vertx.core.Vertx;

/** Serves {@code protocolName: virtual}. */
public final class VirtualDriverFactory implements DriverFactory {

  public static final String PROTOCOL = "virtual";

  @Override
  public String protocolName() {
    return PROTOCOL;
  }

  @Override
  public DeviceDriver create(Vertx vertx) {
    return new VirtualDriver(System::currentTimeMillis);
  }
}
