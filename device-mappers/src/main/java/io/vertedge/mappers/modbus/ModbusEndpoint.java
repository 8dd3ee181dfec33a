package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.InvalidFieldException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a Modbus device answers and how. Read from the device's protocol configData in KubeEdge's
 * layouts: flat {@code ip}, {@code port} (v1beta1 docs) or the mappers-go {@code tcp: {ip, port}}
 * for Modbus TCP, {@code com: {serialPort, ...}} for Modbus RTU on a serial line, each with
 * {@code slaveID} beside. Vertedge additions: {@code framing: rtu} next to ip/port sends RTU frames
 * over TCP (serial-to-Ethernet gateways in transparent mode), and {@code timeout} bounds connecting
 * and each request. Exactly one of {@link #tcp} and {@link #serial} is set.
 */
record ModbusEndpoint(TcpAddress tcp, SerialLine serial, int unitId, Duration timeout) {

  static final int DEFAULT_PORT = 502;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** A TCP address; {@code rtuFraming} sends RTU frames (unit, PDU, CRC) instead of MBAP-headed ones. */
  record TcpAddress(String host, int port, boolean rtuFraming) {

    static TcpAddress parse(ConfigReader address) {
      String host = address.requiredString("ip");
      int port = (int) address.integer("port", DEFAULT_PORT, 1, 65_535);
      String framing = address.string("framing").orElse("tcp");
      boolean rtu = switch (framing.trim().toLowerCase(Locale.ROOT)) {
        case "tcp" -> false;
        case "rtu" -> true;
        default -> throw new InvalidFieldException(address.field("framing"),
            "must be tcp (Modbus TCP, the default) or rtu (RTU frames over TCP), not '" + framing + "'");
      };
      return new TcpAddress(host, port, rtu);
    }

    @Override
    public String toString() {
      return host + ":" + port + (rtuFraming ? " (RTU framing)" : "");
    }
  }

  static ModbusEndpoint parse(ConfigReader protocol) {
    ConfigReader tcp = protocol.nested("tcp").orElse(null);
    ConfigReader com = protocol.nested("com").orElse(null);
    if (com != null && (tcp != null || protocol.has("ip"))) {
      throw new InvalidFieldException(protocol.field("com"),
          "give either com (Modbus RTU on a serial line) or tcp/ip (Modbus TCP), not both");
    }
    TcpAddress address = com == null ? TcpAddress.parse(tcp != null ? tcp : protocol) : null;
    SerialLine line = com != null ? SerialLine.parse(com) : null;
    int unitId = (int) protocol.integer("slaveID", 1, 0, 255);
    if (line != null && (unitId < 1 || unitId > 247)) {
      // 0 is broadcast on a serial line (no slave answers it) and 248-255 are reserved
      throw new InvalidFieldException(protocol.field("slaveID"), "must be between 1 and 247 on a serial line, not " + unitId);
    }
    Duration timeout = protocol.duration("timeout", DEFAULT_TIMEOUT);
    return new ModbusEndpoint(address, line, unitId, timeout);
  }

  @Override
  public String toString() {
    return (tcp != null ? tcp.toString() : serial.toString()) + " unit " + unitId;
  }
}
