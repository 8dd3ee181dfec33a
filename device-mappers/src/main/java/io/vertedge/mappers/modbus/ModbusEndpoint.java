package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.InvalidFieldException;
import java.time.Duration;

/**
 * Where a Modbus TCP device answers. Read from the device's protocol configData in either of
 * KubeEdge's layouts: flat {@code ip}, {@code port}, {@code slaveID} (v1beta1 docs) or the
 * mappers-go {@code tcp: {ip, port}} with {@code slaveID} beside it. {@code timeout} (a Vertedge
 * addition) bounds connecting and each request.
 */
record ModbusEndpoint(String host, int port, int unitId, Duration timeout) {

  static final int DEFAULT_PORT = 502;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  static ModbusEndpoint parse(ConfigReader protocol) {
    ConfigReader tcp = protocol.nested("tcp").orElse(null);
    if (tcp == null && !protocol.has("ip") && protocol.has("com")) {
      throw new InvalidFieldException(protocol.field("com"), "Modbus RTU over a serial line is not supported yet; give tcp: {ip, port}");
    }
    ConfigReader address = tcp != null ? tcp : protocol;
    String host = address.requiredString("ip");
    int port = (int) address.integer("port", DEFAULT_PORT, 1, 65_535);
    int unitId = (int) protocol.integer("slaveID", 1, 0, 255);
    Duration timeout = protocol.duration("timeout", DEFAULT_TIMEOUT);
    return new ModbusEndpoint(host, port, unitId, timeout);
  }

  @Override
  public String toString() {
    return host + ":" + port + " unit " + unitId;
  }
}
