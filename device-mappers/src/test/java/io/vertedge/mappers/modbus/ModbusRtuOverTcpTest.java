package io.vertedge.mappers.modbus;

import static io.vertedge.mappers.modbus.ModbusDriverReadTest.holding;
import static io.vertedge.mappers.modbus.ModbusServerFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceIoException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertedge.mappers.testsupport.Poll;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tcp: {ip, port, framing: rtu}}: RTU frames (unit, PDU, CRC) over TCP, against the library's
 * own RTU-over-TCP server, as a serial-to-Ethernet gateway in transparent mode would answer.
 */
class ModbusRtuOverTcpTest {

  private ModbusServerFixture modbus;

  @BeforeEach
  void startServer() throws Exception {
    modbus = new ModbusServerFixture(true);
  }

  @AfterEach
  void stopServer() throws Exception {
    modbus.close();
  }

  @Test
  void readsAndWritesInRtuFrames() {
    modbus.holding(0, 0xFB, 0x2E);                    // int16 -1234
    modbus.holding(1, 0x41, 0xAC, 0x00, 0x00);        // float32 21.5
    modbus.input(0, 0x00, 0x4D);
    DeviceDriver driver = modbus.started(modbus.device(
        property("i16", PropertyType.INT, holding(0, "int16")),
        property("f32", PropertyType.FLOAT, holding(1, "float32")),
        property("in", PropertyType.INT, Map.of("register", "InputRegister", "offset", 0)),
        property("setpoint", PropertyType.INT, holding(10, "uint16")),
        property("pump", PropertyType.BOOLEAN, Map.of("register", "CoilRegister", "offset", 2))));
    assertEquals(DeviceHealth.ONLINE, driver.health());
    assertEquals("-1234", modbus.call(() -> driver.read("i16")));
    assertEquals("21.5", modbus.call(() -> driver.read("f32")));
    assertEquals("77", modbus.call(() -> driver.read("in")));

    modbus.call(() -> driver.write("setpoint", "60000"));
    modbus.call(() -> driver.write("pump", "true"));
    assertEquals("ea60", modbus.holdingHex(10, 1));
    assertEquals(true, modbus.image.get(tx -> tx.readCoils(coils -> coils.get(2))));
    assertEquals("60000", modbus.call(() -> driver.read("setpoint")));
    assertEquals("true", modbus.call(() -> driver.read("pump")));
  }

  /** RTU frames carry no transaction id: reads started together must still each get their own answer. */
  @Test
  void readsStartedTogetherEachGetTheirOwnAnswer() {
    for (int i = 0; i < 8; i++) {
      modbus.holding(i, 0x00, 100 + i);
    }
    List<String> names = List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
    DeviceDriver driver = modbus.started(modbus.device(names.stream()
        .map(name -> property(name, PropertyType.INT, holding(Integer.parseInt(name.substring(1)), "int16")))
        .toArray(PropertySpec[]::new)));
    List<String> values = modbus.call(() -> Future.all(names.stream().map(driver::read).toList()).map(all -> all.<String>list()));
    assertEquals(List.of("100", "101", "102", "103", "104", "105", "106", "107"), values);
  }

  @Test
  void serverDownIsOfflineAndBackIsOnline() throws Exception {
    modbus.holding(0, 0x00, 0x05);
    DeviceDriver driver = modbus.started(modbus.device(property("level", PropertyType.INT, holding(0, "int16"))));
    assertEquals("5", modbus.call(() -> driver.read("level")));

    modbus.stopServer();
    Poll.until(Duration.ofSeconds(10), "the driver to see the device offline", () -> driver.health() == DeviceHealth.OFFLINE);
    DeviceIoException failure = assertThrows(DeviceIoException.class, () -> modbus.call(() -> driver.read("level")));
    assertTrue(failure.getMessage().contains("at 127.0.0.1:" + modbus.port + " (RTU framing) unit 1) failed"), failure.getMessage());

    modbus.startServer();
    Poll.until(Duration.ofSeconds(10), "a read to succeed after the server is back", () -> {
      try {
        return "5".equals(modbus.call(() -> driver.read("level")));
      } catch (DeviceIoException stillDown) {
        return false;
      }
    });
    assertEquals(DeviceHealth.ONLINE, driver.health());
  }
}
