package io.vertedge.mappers.modbus;

import static io.vertedge.mappers.modbus.ModbusServerFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceIoException;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertedge.mappers.testsupport.Poll;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads from a real Modbus TCP server: every data type and table, scale, both swaps, the server going away, a mute device. */
class ModbusDriverReadTest {

  private ModbusServerFixture modbus;

  @BeforeEach
  void startServer() throws Exception {
    modbus = new ModbusServerFixture();
  }

  @AfterEach
  void stopServer() throws Exception {
    modbus.close();
  }

  @Test
  void everyDataTypeFromEveryTable() {
    modbus.holding(0, 0xFB, 0x2E);                                   // int16 -1234
    modbus.holding(1, 0xEA, 0x60);                                   // uint16 60000
    modbus.holding(2, 0xFF, 0xFE, 0x79, 0x60);                       // int32 -100000
    modbus.holding(4, 0xEE, 0x6B, 0x28, 0x00);                       // uint32 4000000000
    modbus.holding(6, 0x41, 0xAC, 0x00, 0x00);                       // float32 21.5
    modbus.holding(8, 0xC0, 0x93, 0x4A, 0x45, 0x6D, 0x5C, 0xFA, 0xAD); // float64 -1234.5678
    modbus.holding(12, 0x00, 0x01);                                  // boolean register
    modbus.holding(13, 'p', 'u', 'm', 'p', '-', '7', 0, 0);          // string, NUL padded
    modbus.input(0, 0x00, 0x4D);                                     // 77
    modbus.image.with(tx -> tx.writeCoils(coils -> coils.put(3, true)));
    modbus.image.with(tx -> tx.writeDiscreteInputs(inputs -> inputs.put(5, true)));

    DeviceDriver driver = modbus.started(modbus.device(
        property("i16", PropertyType.INT, holding(0, "int16")),
        property("u16", PropertyType.INT, holding(1, "uint16")),
        property("i32", PropertyType.INT, holding(2, "int32")),
        property("u32", PropertyType.INT, holding(4, "uint32")),
        property("f32", PropertyType.FLOAT, holding(6, "float32")),
        property("f64", PropertyType.DOUBLE, holding(8, "float64")),
        property("flag", PropertyType.BOOLEAN, holding(12, "boolean")),
        property("name", PropertyType.STRING, Map.of("register", "HoldingRegister", "offset", 13, "dataType", "string", "limit", 4)),
        property("in", PropertyType.INT, Map.of("register", "InputRegister", "offset", "0")),
        property("coil", PropertyType.BOOLEAN, Map.of("register", "CoilRegister", "offset", 3)),
        property("coil2", PropertyType.BOOLEAN, Map.of("register", "CoilRegister", "offset", 4)),
        property("di", PropertyType.INT, Map.of("register", "DiscreteInputRegister", "offset", 5))));

    assertEquals(DeviceHealth.ONLINE, driver.health());
    Map<String, String> expected = Map.ofEntries(Map.entry("i16", "-1234"), Map.entry("u16", "60000"),
        Map.entry("i32", "-100000"), Map.entry("u32", "4000000000"), Map.entry("f32", "21.5"),
        Map.entry("f64", "-1234.5678"), Map.entry("flag", "true"), Map.entry("name", "pump-7"),
        Map.entry("in", "77"), Map.entry("coil", "true"), Map.entry("coil2", "false"), Map.entry("di", "1"));
    expected.forEach((property, value) -> assertEquals(value, modbus.call(() -> driver.read(property)), property));
  }

  @Test
  void typesImpliedByThePropertyWithoutDataType() {
    modbus.holding(0, 0xFF, 0xFF, 0x00, 0x02, 0x41, 0xAC, 0x00, 0x00);
    DeviceDriver driver = modbus.started(modbus.device(
        property("short", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", 0)),
        property("long", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", 0, "limit", 2)),
        property("temp", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 2))));
    assertEquals("-1", modbus.call(() -> driver.read("short")));
    assertEquals("-65534", modbus.call(() -> driver.read("long")));
    assertEquals("21.5", modbus.call(() -> driver.read("temp")));
  }

  @Test
  void scaleAndSwaps() {
    modbus.holding(0, 0x00, 0xD7);                         // 215 × 0.1
    modbus.holding(1, 0x34, 0x12);                         // 0x1234 with bytes swapped
    modbus.holding(2, 0x00, 0x02, 0x00, 0x01);             // 0x00010002, low register first
    modbus.holding(4, 0x00, 0x00, 0xAC, 0x41);             // float32 21.5 with both swaps
    DeviceDriver driver = modbus.started(modbus.device(
        property("scaled", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 0, "dataType", "uint16", "scale", 0.1)),
        property("bytes", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", 1, "dataType", "uint16", "isSwap", true)),
        property("words", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", 2, "dataType", "int32", "isRegisterSwap", "true")),
        property("both", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 4, "dataType", "float32",
            "isSwap", true, "isRegisterSwap", true))));
    assertEquals("21.5", modbus.call(() -> driver.read("scaled")));
    assertEquals("4660", modbus.call(() -> driver.read("bytes")));
    assertEquals("65538", modbus.call(() -> driver.read("words")));
    assertEquals("21.5", modbus.call(() -> driver.read("both")));
  }

  @Test
  void theFlatLayoutReachesTheSameDevice() {
    modbus.holding(7, 0x00, 0x2A);
    DeviceSpec flat = new DeviceSpec("default/plc", Map.of("ip", "127.0.0.1", "port", String.valueOf(modbus.port), "slaveID", "1"),
        List.of(property("answer", PropertyType.INT, Map.of("register", "HoldingRegister", "offset", 7))));
    DeviceDriver driver = modbus.started(flat);
    assertEquals("42", modbus.call(() -> driver.read("answer")));
  }

  @Test
  void serverDownIsOfflineAndBackIsOnline() throws Exception {
    modbus.holding(0, 0x00, 0x05);
    DeviceDriver driver = modbus.started(modbus.device(property("level", PropertyType.INT, holding(0, "int16"))));
    assertEquals("5", modbus.call(() -> driver.read("level")));
    assertEquals(DeviceHealth.ONLINE, driver.health());

    modbus.stopServer();
    Poll.until(Duration.ofSeconds(10), "the driver to see the device offline", () -> driver.health() == DeviceHealth.OFFLINE);
    DeviceIoException failure = assertThrows(DeviceIoException.class, () -> modbus.call(() -> driver.read("level")));
    assertTrue(failure.getMessage().startsWith("default/plc: reading level (HoldingRegister 0 as int16 at 127.0.0.1:" + modbus.port + " unit 1) failed"),
        failure.getMessage());
    assertEquals(DeviceHealth.OFFLINE, driver.health());

    modbus.holding(0, 0x00, 0x06);
    modbus.startServer();
    Poll.until(Duration.ofSeconds(10), "a read to succeed after the server is back", () -> {
      try {
        return "6".equals(modbus.call(() -> driver.read("level")));
      } catch (DeviceIoException stillDown) {
        return false;
      }
    });
    assertEquals(DeviceHealth.ONLINE, driver.health());
    modbus.call(driver::stop);
    assertEquals(DeviceHealth.OFFLINE, driver.health());
  }

  @Test
  void aDeviceDownAtInitStartsOfflineAndComesOnline() throws Exception {
    modbus.stopServer();
    DeviceDriver driver = modbus.started(modbus.device(property("level", PropertyType.INT, holding(0, "int16"))));
    assertEquals(DeviceHealth.OFFLINE, driver.health());
    modbus.startServer();
    assertEquals("0", modbus.call(() -> driver.read("level")));
    assertEquals(DeviceHealth.ONLINE, driver.health());
  }

  @Test
  void aDeviceThatAcceptsButNeverAnswersIsUnhealthy() throws Exception {
    // the kernel completes the handshake from the backlog; nothing ever reads or answers
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      DeviceDriver driver = modbus.started(new DeviceSpec("default/mute",
          Map.of("ip", "127.0.0.1", "port", silent.getLocalPort(), "timeout", "300ms"),
          List.of(property("level", PropertyType.INT, holding(0, "int16")))));
      assertEquals(DeviceHealth.ONLINE, driver.health(), "connected");
      DeviceIoException failure = assertThrows(DeviceIoException.class, () -> modbus.call(() -> driver.read("level")));
      assertInstanceOf(TimeoutException.class, failure.getCause());
      assertEquals(DeviceHealth.UNHEALTHY, driver.health());
    }
  }

  @Test
  void anExceptionAnswerFailsTheReadAndLeavesTheDeviceOnline() throws Exception {
    // a server without any function: it answers every request with ILLEGAL_FUNCTION, as a device does for a table it lacks
    int port = ModbusServerFixture.freePort();
    ModbusTcpServer bare = ModbusTcpServer.create(NettyTcpServerTransport.create(config -> {
      config.bindAddress = "127.0.0.1";
      config.port = port;
    }), new ModbusServices() { });
    bare.start();
    try {
      DeviceDriver driver = modbus.started(new DeviceSpec("default/bare", Map.of("ip", "127.0.0.1", "port", port),
          List.of(property("level", PropertyType.INT, holding(0, "int16")))));
      DeviceIoException failure = assertThrows(DeviceIoException.class, () -> modbus.call(() -> driver.read("level")));
      assertInstanceOf(ModbusResponseException.class, failure.getCause());
      assertTrue(failure.getMessage().contains("ILLEGAL_FUNCTION"), failure.getMessage());
      assertEquals(DeviceHealth.ONLINE, driver.health());
    } finally {
      bare.stop();
    }
  }

  static Map<String, Object> holding(int offset, String dataType) {
    return Map.of("register", "HoldingRegister", "offset", offset, "dataType", dataType);
  }
}
