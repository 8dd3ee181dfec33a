package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServer;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyRtuServerTransport;
import com.digitalpetri.modbus.tcp.server.NettyServerTransportConfig;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A real Modbus server over TCP (digitalpetri's own, unit 1; Modbus TCP, or RTU frames over TCP) on
 * a free loopback port whose registers a
 * test sets and inspects, and an event-loop context from which the driver is called, so that
 * BlockHound sees every driver call.
 */
final class ModbusServerFixture implements AutoCloseable {

  static final int UNIT = 1;

  final ProcessImage image = new ProcessImage();
  final Vertx vertx = Vertx.vertx();
  final int port;
  final boolean rtuFraming;
  private final ModbusServer server;
  private final Context loop = vertx.getOrCreateContext();
  private final List<DeviceDriver> drivers = new ArrayList<>();

  ModbusServerFixture() throws Exception {
    this(false);
  }

  ModbusServerFixture(boolean rtuFraming) throws Exception {
    this.rtuFraming = rtuFraming;
    port = freePort();
    ReadWriteModbusServices services = new ReadWriteModbusServices() {
      @Override
      protected Optional<ProcessImage> getProcessImage(int unitId) {
        return unitId == UNIT ? Optional.of(image) : Optional.empty();
      }
    };
    Consumer<NettyServerTransportConfig.Builder> loopback = config -> {
      config.bindAddress = "127.0.0.1";
      config.port = port;
    };
    server = rtuFraming
        ? ModbusRtuServer.create(NettyRtuServerTransport.create(loopback), services)
        : ModbusTcpServer.create(NettyTcpServerTransport.create(loopback), services);
    server.start();
  }

  void stopServer() throws Exception {
    server.stop();
  }

  void startServer() throws Exception {
    server.start();
  }

  /** Sets holding registers from {@code address} on, two bytes each, as they travel on the wire. */
  void holding(int address, int... bytes) {
    image.with(tx -> tx.writeHoldingRegisters(map -> put(map, address, bytes)));
  }

  void input(int address, int... bytes) {
    image.with(tx -> tx.writeInputRegisters(map -> put(map, address, bytes)));
  }

  /** The wire bytes of {@code count} holding registers from {@code address}, as hex. */
  String holdingHex(int address, int count) {
    return image.get(tx -> tx.readHoldingRegisters(map -> {
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < count; i++) {
        for (byte b : map.getOrDefault(address + i, new byte[2])) {
          hex.append(String.format("%02x", b));
        }
      }
      return hex.toString();
    }));
  }

  /** The mappers-go layout: {@code tcp: {ip, port}} with {@code slaveID} beside it (and {@code framing: rtu} for RTU frames). */
  DeviceSpec device(PropertySpec... properties) {
    Map<String, Object> tcp = rtuFraming
        ? Map.of("ip", "127.0.0.1", "port", port, "framing", "rtu")
        : Map.of("ip", "127.0.0.1", "port", port);
    return new DeviceSpec("default/plc", Map.of("tcp", tcp, "slaveID", UNIT, "timeout", "2s"), List.of(properties));
  }

  static PropertySpec property(String name, PropertyType type, Map<String, Object> visitors) {
    return new PropertySpec(name, type, AccessMode.READ_WRITE, visitors);
  }

  DeviceDriver started(DeviceSpec device) {
    DeviceDriver driver = new ModbusDriver(vertx);
    call(() -> driver.init(device));
    drivers.add(driver);
    return driver;
  }

  /** Runs one driver call on the event loop and waits for its outcome. */
  <T> T call(Supplier<Future<T>> action) {
    try {
      return Future.<T>future(promise -> loop.runOnContext(v -> {
        try {
          action.get().onComplete(promise);
        } catch (RuntimeException | Error thrown) {
          promise.fail(thrown);   // a driver must not throw, but if it does the test says so at once
        }
      }))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    drivers.forEach(driver -> call(driver::stop));
    server.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void put(Map<Integer, byte[]> map, int address, int[] bytes) {
    for (int i = 0; i < bytes.length; i += 2) {
      map.put(address + i / 2, new byte[] {(byte) bytes[i], (byte) bytes[i + 1]});
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
