package io.vertedge.mappers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Invalid protocol configData and visitors fail init with the field and the reason, before any connection. */
class ModbusConfigTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static final Map<String, Object> TCP = Map.of("tcp", Map.of("ip", "127.0.0.1", "port", 1502), "slaveID", 1);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void protocolConfigData() {
    assertRefused("protocol.configData.ip", "is required", Map.of("port", 502), holdingInt());
    assertRefused("protocol.configData.tcp.port", "must be between 1 and 65535, not 70000",
        Map.of("tcp", Map.of("ip", "10.0.0.5", "port", 70000)), holdingInt());
    assertRefused("protocol.configData.port", "must be an integer, not 'http'", Map.of("ip", "10.0.0.5", "port", "http"), holdingInt());
    assertRefused("protocol.configData.slaveID", "must be between 0 and 255, not 300", Map.of("ip", "10.0.0.5", "slaveID", 300), holdingInt());
    assertRefused("protocol.configData.tcp", "must be an object, not '10.0.0.5:502'", Map.of("tcp", "10.0.0.5:502"), holdingInt());
    assertRefused("protocol.configData.tcp.framing", "must be tcp (Modbus TCP, the default) or rtu (RTU frames over TCP), not 'ascii'",
        Map.of("tcp", Map.of("ip", "10.0.0.5", "framing", "ascii")), holdingInt());
  }

  @Test
  void serialConfigData() {
    assertSerial("serialPort", "is required", Map.of("baudRate", 9600));
    assertSerial("baudRate", "must be between 50 and 4000000, not 0", Map.of("serialPort", "/dev/ttyUSB0", "baudRate", 0));
    assertSerial("baudRate", "must be an integer, not 'fast'", Map.of("serialPort", "/dev/ttyUSB0", "baudRate", "fast"));
    assertSerial("dataBits", "must be between 5 and 8, not 9", Map.of("serialPort", "/dev/ttyUSB0", "dataBits", 9));
    assertSerial("stopBits", "must be between 1 and 2, not 3", Map.of("serialPort", "/dev/ttyUSB0", "stopBits", 3));
    assertSerial("parity", "must be none, even or odd (or N, E, O), not 'mark'", Map.of("serialPort", "/dev/ttyUSB0", "parity", "mark"));
    assertRefused("protocol.configData.com", "give either com (Modbus RTU on a serial line) or tcp/ip (Modbus TCP), not both",
        Map.of("com", Map.of("serialPort", "/dev/ttyUSB0"), "tcp", Map.of("ip", "10.0.0.5")), holdingInt());
    assertRefused("protocol.configData.com", "must be an object, not '/dev/ttyUSB0'", Map.of("com", "/dev/ttyUSB0"), holdingInt());
    assertRefused("protocol.configData.slaveID", "must be between 1 and 247 on a serial line, not 0",
        Map.of("com", Map.of("serialPort", "/dev/ttyUSB0"), "slaveID", 0), holdingInt());
  }

  @Test
  void serialSettingsInEitherSpelling() {
    ConfigReader mappersGo = new ConfigReader("com", Map.of("serialPort", "/dev/ttyUSB0", "baudRate", 19200, "dataBits", 7,
        "parity", "even", "stopBits", 2));
    assertEquals(new SerialLine("/dev/ttyUSB0", 19200, 7, SerialLine.Parity.EVEN, 2), SerialLine.parse(mappersGo));
    ConfigReader letters = new ConfigReader("com", Map.of("serialPort", "/dev/ttyUSB0", "baudRate", "38400", "parity", "O"));
    assertEquals("/dev/ttyUSB0 38400 8O1", SerialLine.parse(letters).toString());
    assertEquals("/dev/ttyUSB0 9600 8N1", SerialLine.parse(new ConfigReader("com", Map.of("serialPort", "/dev/ttyUSB0"))).toString());
  }

  @Test
  void visitors() {
    assertVisitors("register", "is required (CoilRegister, DiscreteInputRegister, HoldingRegister or InputRegister)",
        PropertyType.INT, Map.of("offset", 1));
    assertVisitors("register", "must be CoilRegister, DiscreteInputRegister, HoldingRegister or InputRegister, not 'HoldingRegisters'",
        PropertyType.INT, Map.of("register", "HoldingRegisters"));
    assertVisitors("offset", "must be between 0 and 65535, not -1", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", -1));
    assertVisitors("dataType", "must be int16, uint16, int32, uint32, float32, float64, boolean or string, not 'int64'",
        PropertyType.INT, Map.of("register", "HoldingRegister", "dataType", "int64"));
    assertVisitors("limit", "float32 in a HoldingRegister spans 2 registers, not 1",
        PropertyType.FLOAT, Map.of("register", "HoldingRegister", "dataType", "float32", "limit", 1));
    assertVisitors("limit", "is required for a string: the number of registers it spans (two characters each)",
        PropertyType.STRING, Map.of("register", "HoldingRegister"));
    assertVisitors("dataType", "CoilRegister holds single bits; dataType must be boolean, not int16",
        PropertyType.INT, Map.of("register", "CoilRegister", "dataType", "int16"));
    assertVisitors("dataType", "string cannot be read into a DOUBLE property",
        PropertyType.DOUBLE, Map.of("register", "HoldingRegister", "dataType", "string", "limit", 2));
    assertVisitors("scale", "must not be zero", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "scale", 0));
    assertVisitors("scale", "applies to numbers only; dataType is boolean", PropertyType.BOOLEAN,
        Map.of("register", "HoldingRegister", "scale", 2));
    assertVisitors("isSwap", "must be true or false, not 'yes'", PropertyType.INT, Map.of("register", "HoldingRegister", "isSwap", "yes"));
    assertVisitors("limit", "4 registers from offset 65534 run past address 65535",
        PropertyType.DOUBLE, Map.of("register", "HoldingRegister", "offset", 65534));
    assertRefused("properties[blob].type", "BYTES is not supported by the modbus driver", TCP,
        new PropertySpec("blob", PropertyType.BYTES, AccessMode.READ_WRITE, Map.of("register", "HoldingRegister", "limit", 2)));
  }

  private static void assertSerial(String key, String problem, Map<String, Object> com) {
    assertRefused("protocol.configData.com." + key, problem, Map.of("com", com, "slaveID", 1), holdingInt());
  }

  private static PropertySpec holdingInt() {
    return new PropertySpec("level", PropertyType.INT, AccessMode.READ_WRITE, Map.of("register", "HoldingRegister"));
  }

  private static void assertVisitors(String key, String problem, PropertyType type, Map<String, Object> visitors) {
    assertRefused("properties[p].visitors.configData." + key, problem, TCP, new PropertySpec("p", type, AccessMode.READ_WRITE, visitors));
  }

  private static void assertRefused(String field, String problem, Map<String, Object> protocol, PropertySpec property) {
    ModbusDriver driver = new ModbusDriver(VERTX);
    Future<Void> init = driver.init(new DeviceSpec("default/plc", protocol, List.of(property)));
    assertTrue(init.failed(), "init should fail on " + field);
    InvalidFieldException e = assertInstanceOf(InvalidFieldException.class, init.cause());
    assertEquals(field, e.field());
    assertEquals(problem, e.problem());
    assertEquals(DeviceHealth.OFFLINE, driver.health());
  }
}
