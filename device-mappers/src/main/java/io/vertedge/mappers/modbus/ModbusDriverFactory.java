package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DriverFactory;
import io.vertx.core.Vertx;

/** Serves {@code protocolName: modbus}, the name KubeEdge's Modbus mappers register. */
public final class ModbusDriverFactory implements DriverFactory {

  public static final String PROTOCOL = "modbus";

  @Override
  public String protocolName() {
    return PROTOCOL;
  }

  @Override
  public DeviceDriver create(Vertx vertx) {
    return new ModbusDriver(vertx);
  }
}
