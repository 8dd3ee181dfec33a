package io.vertedge.mappers.modbus;

import static io.vertedge.mappers.modbus.ModbusDriverReadTest.holding;
import static io.vertedge.mappers.modbus.ModbusServerFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes to a real Modbus TCP server, checked in the server's registers byte for byte and by reading back. */
class ModbusDriverWriteTest {

  private ModbusServerFixture modbus;
  private DeviceDriver driver;

  @BeforeEach
  void start() throws Exception {
    modbus = new ModbusServerFixture();
    driver = modbus.started(modbus.device(
        property("i16", PropertyType.INT, holding(0, "int16")),
        property("u32", PropertyType.INT, holding(1, "uint32")),
        property("f64", PropertyType.DOUBLE, holding(3, "float64")),
        property("setpoint", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 7, "dataType", "int16", "scale", 0.1)),
        property("swapped", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 8, "dataType", "float32",
            "isSwap", true, "isRegisterSwap", true)),
        property("label", PropertyType.STRING, Map.of("register", "HoldingRegister", "offset", 10, "dataType", "string", "limit", 3)),
        property("pump", PropertyType.BOOLEAN, Map.of("register", "CoilRegister", "offset", 2)),
        property("measured", PropertyType.INT, Map.of("register", "InputRegister", "offset", 0)),
        new PropertySpec("serial", PropertyType.INT, AccessMode.READ_ONLY, holding(20, "uint16"))));
  }

  @AfterEach
  void stop() throws Exception {
    modbus.close();
  }

  @Test
  void registersHoldWhatWasWrittenAndReadsReturnIt() {
    write("i16", "-5");
    write("u32", "4000000000");
    write("f64", "-1234.5678");
    write("setpoint", "23.4");
    write("swapped", "21.5");
    write("label", "abcde");
    assertEquals("fffb", modbus.holdingHex(0, 1));
    assertEquals("ee6b2800", modbus.holdingHex(1, 2));
    assertEquals("c0934a456d5cfaad", modbus.holdingHex(3, 4));
    assertEquals("00ea", modbus.holdingHex(7, 1), "23.4 / 0.1 = 234");
    assertEquals("0000ac41", modbus.holdingHex(8, 2), "float32 21.5 with both swaps");
    assertEquals("616263646500", modbus.holdingHex(10, 3));
    Map.of("i16", "-5", "u32", "4000000000", "f64", "-1234.5678", "setpoint", "23.4", "swapped", "21.5", "label", "abcde")
        .forEach((property, value) -> assertEquals(value, read(property), property));
  }

  @Test
  void coilsAreSwitched() {
    write("pump", "true");
    assertEquals(true, modbus.image.get(tx -> tx.readCoils(coils -> coils.getOrDefault(2, false))));
    assertEquals("true", read("pump"));
    write("pump", "0");
    assertEquals(false, modbus.image.get(tx -> tx.readCoils(coils -> coils.getOrDefault(2, false))));
    assertEquals("false", read("pump"));
  }

  @Test
  void badWritesAreRefusedBeforeAnythingIsSent() {
    modbus.holding(0, 0x00, 0x07);
    assertRefused("properties[i16].value", "'70000' is out of range for int16 (-32768..32767)", "i16", "70000");
    assertRefused("properties[i16].value", "'warm' is not a valid INT value (a 64-bit integer)", "i16", "warm");
    assertRefused("properties[u32].value", "'-1' is out of range for uint32 (0..4294967295)", "u32", "-1");
    assertRefused("properties[setpoint].value", "'4000.0' is out of range for int16 (-32768..32767) after dividing by scale 0.1", "setpoint", "4000");
    assertRefused("properties[label].value", "is 7 bytes long; the string spans 3 registers (6 bytes)", "label", "abcdefg");
    assertRefused("properties[measured].visitors.configData.register",
        "InputRegister is read-only on a Modbus device; write to a HoldingRegister or CoilRegister", "measured", "1");
    assertRefused("properties[serial]", "is ReadOnly", "serial", "1");
    assertRefused("properties[nope]", "no such property on this device", "nope", "1");
    assertEquals("0007", modbus.holdingHex(0, 1), "nothing was written");
    assertEquals(DeviceHealth.ONLINE, driver.health());
  }

  private void assertRefused(String field, String problem, String property, String value) {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> write(property, value));
    assertEquals(field, e.field());
    assertEquals(problem, e.problem());
  }

  private void write(String property, String value) {
    modbus.call(() -> driver.write(property, value));
  }

  private String read(String property) {
    return modbus.call(() -> driver.read(property));
  }
}
