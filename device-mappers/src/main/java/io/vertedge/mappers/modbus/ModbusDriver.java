package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.client.ModbusTcpClient;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP device. The client connects on demand rather than persistently: each read or write
 * while the device is away tries once to connect, so health follows the collect cycle (offline while
 * refused, online at the first answer) without a background retry loop per device. The library's
 * own Netty threads do the I/O; completions come back on the caller's Vert.x context.
 */
public final class ModbusDriver implements DeviceDriver {

  private static final Logger LOG = LoggerFactory.getLogger(ModbusDriver.class);

  private final Vertx vertx;
  private volatile Map<String, ModbusPoint> points = Map.of();
  private volatile DeviceHealth health = DeviceHealth.OFFLINE;
  private String deviceId;
  private ModbusEndpoint endpoint;
  private ModbusTcpClient client;

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
    NettyTcpClientTransport transport = NettyTcpClientTransport.create(config -> {
      config.hostname = endpoint.host();
      config.port = endpoint.port();
      config.connectTimeout = endpoint.timeout();
      config.connectPersistent = false;
    });
    transport.addConnectionListener(new NettyTcpClientTransport.ConnectionListener() {
      @Override
      public void onConnection() {
        health = DeviceHealth.ONLINE;
      }

      @Override
      public void onConnectionLost() {
        markOffline("connection lost");
      }
    });
    client = ModbusTcpClient.create(transport, config -> config.requestTimeout = endpoint.timeout());
    return viaWorker(client::connectAsync)
        .onSuccess(connected -> health = DeviceHealth.ONLINE)   // the listener hears of it a moment later
        .onFailure(e -> LOG.warn("Modbus device {} at {} offline at start: {}", deviceId, endpoint, rootCause(e).toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
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
    if (client == null) {
      return Future.succeededFuture();
    }
    return viaWorker(client::disconnectAsync).otherwiseEmpty();
  }

  /** Sends on the open connection, or connects first: after a failed first connect the client stays down until asked. */
  private <T> Future<T> request(ModbusPoint point, String action, Function<ModbusTcpClient, CompletionStage<T>> send) {
    return viaWorker(() -> client.isConnected() ? send.apply(client) : client.connectAsync().thenCompose(v -> send.apply(client)))
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

  /**
   * The library's connection state machine takes a lock on every call, and a contended lock parks
   * the thread: calls into the client start on a worker, never on an event loop. The I/O itself
   * stays asynchronous; the outcome comes back on the caller's context.
   */
  private <T> Future<T> viaWorker(Supplier<CompletionStage<T>> call) {
    Context caller = vertx.getOrCreateContext();
    return caller.executeBlocking(call::get, false).compose(stage -> Future.fromCompletionStage(stage, caller));
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
