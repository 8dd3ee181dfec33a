package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceIoException;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus device over TCP (Modbus TCP or RTU framing) or a serial line (RTU). The client connects
 * on demand rather than persistently: each read or write while the device is away tries once to
 * connect (or open the port), so health follows the collect cycle (offline while refused, online at
 * the first answer) without a background retry loop per device. The library's own threads do the
 * I/O; completions come back on the caller's Vert.x context.
 */
public final class ModbusDriver implements DeviceDriver {

  private static final Logger LOG = LoggerFactory.getLogger(ModbusDriver.class);

  private final Vertx vertx;
  private volatile Map<String, ModbusPoint> points = Map.of();
  private volatile DeviceHealth health = DeviceHealth.OFFLINE;
  private String deviceId;
  private ModbusEndpoint endpoint;
  private volatile ModbusLine line;

  public ModbusDriver(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> init(DeviceSpec device) {
    try {
      endpoint = ModbusEndpoint.parse(device.protocol());
      Map<String, ModbusPoint> parsed = new LinkedHashMap<>();
      device.propertiesByName().forEach((name, property) -> parsed.put(name, ModbusPoint.parse(property)));
      points = Map.copyOf(parsed);
    } catch (InvalidFieldException e) {
      return Future.failedFuture(e);
    }
    deviceId = device.id();
    Context caller = vertx.getOrCreateContext();
    Future<ModbusLine> opened = endpoint.tcp() != null
        ? Future.succeededFuture(ModbusLine.tcp(endpoint.tcp(), endpoint.timeout(), connectionListener()))
        : caller.executeBlocking(() -> SerialLines.acquire(endpoint.serial(), endpoint.timeout(), device.protocol().field("com")), false);
    return opened.compose(opening -> {
      line = opening;
      return line.connect(caller)
          .onSuccess(connected -> health = DeviceHealth.ONLINE)   // a TCP listener hears of it a moment later
          .onFailure(e -> LOG.warn("Modbus device {} at {} offline at start: {}", deviceId, endpoint, rootCause(e).toString()))
          .otherwiseEmpty();
    });
  }

  /** TCP connections report their state; a serial port has no such signal, its health follows the requests. */
  private NettyTcpClientTransport.ConnectionListener connectionListener() {
    return new NettyTcpClientTransport.ConnectionListener() {
      @Override
      public void onConnection() {
        health = DeviceHealth.ONLINE;
      }

      @Override
      public void onConnectionLost() {
        markOffline("connection lost");
      }
    };
  }

  @Override
  public Future<String> read(String property) {
    ModbusPoint point = points.get(property);
    if (point == null) {
      return Future.failedFuture(unknown(property));
    }
    return request(point, "reading", ModbusRequests.read(endpoint.unitId(), point));
  }

  @Override
  public Future<Void> write(String property, String value) {
    ModbusPoint point = points.get(property);
    if (point == null) {
      return Future.failedFuture(unknown(property));
    }
    PropertySpec spec = point.property();
    try {
      if (spec.accessMode() == AccessMode.READ_ONLY) {
        throw new InvalidFieldException("properties[" + property + "]", "is ReadOnly");
      }
      if (!point.register().isWritable()) {
        throw new InvalidFieldException(spec.visitors().field("register"),
            point.register().visitorName() + " is read-only on a Modbus device; write to a HoldingRegister or CoilRegister");
      }
      return request(point, "writing " + value + " to", ModbusRequests.write(endpoint.unitId(), point, value));
    } catch (InvalidFieldException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public DeviceHealth health() {
    return health;
  }

  @Override
  public Future<Void> stop() {
    points = Map.of();
    health = DeviceHealth.OFFLINE;
    ModbusLine closing = line;
    line = null;   // a serial port is shared: release it once
    return closing == null ? Future.succeededFuture() : closing.close(vertx.getOrCreateContext()).otherwiseEmpty();
  }

  private <T> Future<T> request(ModbusPoint point, String action, Function<ModbusClient, CompletionStage<T>> send) {
    ModbusLine current = line;
    if (current == null) {
      return Future.failedFuture(new DeviceIoException(deviceId + ": the Modbus driver is stopped", null));
    }
    return current.request(vertx.getOrCreateContext(), send)
        .onSuccess(result -> health = DeviceHealth.ONLINE)
        .recover(e -> Future.failedFuture(failure(point, action, rootCause(e))));
  }

  private DeviceIoException failure(ModbusPoint point, String action, Throwable cause) {
    // the asynchronous API times out with the JDK's TimeoutException, the blocking one with the library's
    if (cause instanceof TimeoutException || cause instanceof ModbusTimeoutException) {
      health = DeviceHealth.UNHEALTHY;
    } else if (!(cause instanceof ModbusResponseException)) {
      markOffline(cause.toString());
    }
    // an exception answer (illegal address, ...) comes from a device that is up: health stays
    return new DeviceIoException(deviceId + ": " + action + " " + point.property().name() + " (" + point.describe()
        + " at " + endpoint + ") failed: " + cause.getMessage(), cause);
  }

  private void markOffline(String why) {
    if (health != DeviceHealth.OFFLINE) {
      LOG.warn("Modbus device {} at {} offline: {}", deviceId, endpoint, why);
    }
    health = DeviceHealth.OFFLINE;
  }

  private static Throwable rootCause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static InvalidFieldException unknown(String property) {
    return new InvalidFieldException("properties[" + property + "]", "no such property on this device");
  }
}
