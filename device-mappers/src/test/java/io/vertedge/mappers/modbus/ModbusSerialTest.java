package io.vertedge.mappers.modbus;

import static io.vertedge.mappers.modbus.ModbusDriverReadTest.holding;
import static io.vertedge.mappers.modbus.ModbusServerFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceIoException;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Modbus RTU on a serial line: the driver opens one end of a pseudo-terminal pair through
 * jSerialComm, the library's own RTU server (also on jSerialComm) answers on the other end as
 * slaves 1 and 2 of one bus.
 */
class ModbusSerialTest {

  private final Map<Integer, ProcessImage> slaves = Map.of(1, new ProcessImage(), 2, new ProcessImage());
  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private final List<DeviceDriver> drivers = new ArrayList<>();
  private SerialPair pair;
  private ModbusRtuServer server;

  @BeforeEach
  void start() throws Exception {
    pair = new SerialPair();
    startServer();
  }

  private void startServer() throws Exception {
    server = rtuServer(pair.server);
    server.start();
  }

  /** The library's RTU server on {@code port}, 19200 8E1, slaves 1 and 2. */
  private ModbusRtuServer rtuServer(Path port) {
    return ModbusRtuServer.create(SerialPortServerTransport.create(config -> {
      config.serialPort = port.toString();
      config.baudRate = 19200;
      config.parity = 2;
    }), new ReadWriteModbusServices() {
      @Override
      protected Optional<ProcessImage> getProcessImage(int unitId) {
        return Optional.ofNullable(slaves.get(unitId));
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    drivers.forEach(driver -> call(driver::stop));
    server.stop();
    pair.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsAndWritesOverTheLine() {
    slaves.get(1).with(tx -> tx.writeHoldingRegisters(map -> map.put(3, new byte[] {(byte) 0xFB, 0x2E})));
    DeviceDriver driver = started(device("default/meter", 1,
        property("level", PropertyType.INT, holding(3, "int16")),
        property("setpoint", PropertyType.FLOAT, Map.of("register", "HoldingRegister", "offset", 4, "dataType", "uint16", "scale", 0.1)),
        property("pump", PropertyType.BOOLEAN, Map.of("register", "CoilRegister", "offset", 2))));
    assertEquals("-1234", call(() -> driver.read("level")));
    assertEquals(DeviceHealth.ONLINE, driver.health());

    call(() -> driver.write("setpoint", "23.4"));
    call(() -> driver.write("pump", "true"));
    assertEquals("00ea", HexFormat.of().formatHex(slaves.get(1).get(tx -> tx.readHoldingRegisters(map -> map.get(4)))), "23.4 / 0.1 = 234");
    assertEquals(true, slaves.get(1).get(tx -> tx.readCoils(coils -> coils.get(2))));
    assertEquals("23.4", call(() -> driver.read("setpoint")));
    assertEquals("true", call(() -> driver.read("pump")));
  }

  /** Two slaves on one bus are two devices on one port: the port opens once, and reads started together all get their answer. */
  @Test
  void slavesOnOneBusShareThePort() {
    slaves.get(1).with(tx -> tx.writeHoldingRegisters(map -> map.put(0, new byte[] {0, 11})));
    slaves.get(2).with(tx -> tx.writeHoldingRegisters(map -> map.put(0, new byte[] {0, 22})));
    DeviceDriver first = started(device("default/first", 1, property("level", PropertyType.INT, holding(0, "int16"))));
    DeviceDriver second = started(device("default/second", 2, property("level", PropertyType.INT, holding(0, "int16"))));
    List<String> together = call(() -> Future.all(List.of(first.read("level"), second.read("level"), first.read("level"),
        second.read("level"))).map(all -> all.<String>list()));
    assertEquals(List.of("11", "22", "11", "22"), together);

    call(first::stop);
    assertEquals("22", call(() -> second.read("level")), "the port stays open for the device still using it");
  }

  @Test
  void aDeviceWithOtherSettingsOnAnOpenPortIsRefused() {
    started(device("default/first", 1, property("level", PropertyType.INT, holding(0, "int16"))));
    Map<String, Object> com = Map.of("serialPort", pair.client.toString(), "baudRate", 9600);
    InvalidFieldException refused = assertThrows(InvalidFieldException.class, () -> started(
        new DeviceSpec("default/other", Map.of("com", com, "slaveID", 2), List.of(property("level", PropertyType.INT, holding(0, "int16"))))));
    assertEquals("protocol.configData.com", refused.field());
    assertEquals(pair.client + " is already open at 19200 8E1 for other devices; every device on one serial port needs the same settings,"
        + " not 9600 8N1", refused.problem());
  }

  @Test
  void aSilentSlaveIsUnhealthy() {
    Map<String, Object> com = Map.of("serialPort", pair.client.toString(), "baudRate", 19200, "parity", "even");
    DeviceDriver driver = started(new DeviceSpec("default/absent", Map.of("com", com, "slaveID", 9, "timeout", "300ms"),
        List.of(property("level", PropertyType.INT, holding(0, "int16")))));
    DeviceIoException failure = assertThrows(DeviceIoException.class, () -> call(() -> driver.read("level")));
    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertEquals(DeviceHealth.UNHEALTHY, driver.health());
  }

  /** An adapter not plugged in at start: offline, with the reason; plugged in later: read, online. */
  @Test
  void aPortThatIsNotThereIsOfflineUntilItAppears() throws Exception {
    Path later = pair.client.getParent().resolve("later");
    Map<String, Object> com = Map.of("serialPort", later.toString(), "baudRate", 19200, "parity", "E");
    DeviceDriver driver = started(new DeviceSpec("default/later", Map.of("com", com, "slaveID", 1),
        List.of(property("level", PropertyType.INT, holding(0, "int16")))));
    assertEquals(DeviceHealth.OFFLINE, driver.health());
    DeviceIoException failure = assertThrows(DeviceIoException.class, () -> call(() -> driver.read("level")));
    assertTrue(failure.getMessage().startsWith("default/later: reading level (HoldingRegister 0 as int16 at " + later
        + " 19200 8E1 unit 1) failed: "), failure.getMessage());
    assertEquals(DeviceHealth.OFFLINE, driver.health());

    slaves.get(1).with(tx -> tx.writeHoldingRegisters(map -> map.put(0, new byte[] {0, 42})));
    try (SerialPair plugged = new SerialPair(later.getParent(), "later")) {
      ModbusRtuServer laterServer = rtuServer(plugged.server);
      laterServer.start();
      try {
        assertEquals("42", call(() -> driver.read("level")));
        assertEquals(DeviceHealth.ONLINE, driver.health());
      } finally {
        call(driver::stop);   // closes the port before its pair goes
        laterServer.stop();
      }
    }
  }

  /** The mappers-go layout with every field given, parity as mappers-go spells it. */
  private DeviceSpec device(String id, int slave, PropertySpec... properties) {
    Map<String, Object> com = new HashMap<>(Map.of("serialPort", pair.client.toString(), "baudRate", 19200, "dataBits", 8,
        "parity", "even", "stopBits", 1));
    return new DeviceSpec(id, Map.of("com", com, "slaveID", slave, "timeout", "2s"), List.of(properties));
  }

  private DeviceDriver started(DeviceSpec device) {
    DeviceDriver driver = new ModbusDriver(vertx);
    call(() -> driver.init(device));
    drivers.add(driver);
    return driver;
  }

  /** Runs one driver call on the event loop (where BlockHound watches) and waits for its outcome. */
  private <T> T call(Supplier<Future<T>> action) {
    try {
      return Future.<T>future(promise -> loop.runOnContext(v -> action.get().onComplete(promise)))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
