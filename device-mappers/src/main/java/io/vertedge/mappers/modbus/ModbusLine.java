package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.tcp.client.NettyClientTransportConfig;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport.ConnectionListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Modbus client and the rules for putting requests on it. Modbus TCP answers carry the request's
 * transaction id, so requests may overlap. RTU frames carry none: the library pairs each answer
 * with a pending request, and a serial bus is half duplex anyway, so on an RTU line the next request
 * goes out only when the previous one is answered or timed out. A serial port is set up on first
 * use, and one that fails (missing, unplugged) is closed and set up anew at the next request, which
 * resolves a {@code /dev/serial/by-id} link again.
 */
final class ModbusLine {

  private final Supplier<ModbusClient> create;
  private final boolean oneAtATime;
  private final boolean serial;
  private final Supplier<CompletionStage<Void>> close;
  private final AtomicReference<CompletableFuture<Void>> previous = new AtomicReference<>(CompletableFuture.completedFuture(null));
  private ModbusClient client;   // guarded by this; only touched on workers

  private ModbusLine(Supplier<ModbusClient> create, boolean oneAtATime, boolean serial, Supplier<CompletionStage<Void>> close) {
    this.create = create;
    this.oneAtATime = oneAtATime;
    this.serial = serial;
    this.close = close;
  }

  /**
   * A serial port's line.
   *
   * @param create makes the client; blocking (jSerialComm resolves the port), called on a worker
   * @param close what stopping one of the port's devices does to it
   */
  static ModbusLine serial(Supplier<ModbusClient> create, Supplier<CompletionStage<Void>> close) {
    return new ModbusLine(create, true, true, close);
  }

  /** A TCP connection of one device, Modbus TCP or RTU-framed, connecting on demand (not persistently). */
  static ModbusLine tcp(ModbusEndpoint.TcpAddress address, Duration timeout, ConnectionListener listener) {
    ModbusClient client;
    if (address.rtuFraming()) {
      NettyRtuClientTransport transport = NettyRtuClientTransport.create(config -> configure(config, address, timeout));
      transport.addConnectionListener(listener);
      client = ModbusRtuClient.create(transport, config -> config.requestTimeout = timeout);
    } else {
      NettyTcpClientTransport transport = NettyTcpClientTransport.create(config -> configure(config, address, timeout));
      transport.addConnectionListener(listener);
      client = ModbusTcpClient.create(transport, config -> config.requestTimeout = timeout);
    }
    ModbusLine line = new ModbusLine(() -> client, address.rtuFraming(), false, client::disconnectAsync);
    line.client = client;
    return line;
  }

  private static void configure(NettyClientTransportConfig.Builder config, ModbusEndpoint.TcpAddress address, Duration timeout) {
    config.hostname = address.host();
    config.port = address.port();
    config.connectTimeout = timeout;
    config.connectPersistent = false;
  }

  /** Sends on the open connection, or connects (opens the port) first: after a failed connect the client stays down until asked. */
  <T> Future<T> request(Context caller, Function<ModbusClient, CompletionStage<T>> send) {
    Supplier<Future<T>> attempt = () -> call(caller, () -> {
      ModbusClient current = client();
      return current.isConnected() ? send.apply(current) : current.connectAsync().thenCompose(v -> send.apply(current));
    });
    if (!oneAtATime) {
      return attempt.get();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> before = previous.getAndSet(done);
    Future<T> result = Future.fromCompletionStage(before, caller).compose(v -> attempt.get());
    if (serial) {
      result = result.recover(failure -> portFailed(failure)
          ? call(caller, this::disconnect).transform(closed -> Future.<T>failedFuture(failure))
          : Future.<T>failedFuture(failure));
    }
    result.onComplete(outcome -> done.complete(null));
    return result;
  }

  Future<Void> connect(Context caller) {
    return call(caller, () -> client().connectAsync());
  }

  Future<Void> close(Context caller) {
    return call(caller, close);
  }

  /** Closes the client, if there is one, and forgets it: a later request makes a new one. On a worker. */
  synchronized CompletionStage<Void> disconnect() {
    ModbusClient closing = client;
    client = null;
    return closing == null ? CompletableFuture.completedFuture(null) : closing.disconnectAsync();
  }

  /** The client, made first if need be; on a worker. */
  private synchronized ModbusClient client() {
    if (client == null) {
      client = create.get();
    }
    return client;
  }

  /** The port itself failed (missing, closed, unwritable), not the answer: timeouts, exception answers and bad CRCs are ModbusExceptions. */
  private static boolean portFailed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return !(cause instanceof ModbusException) && !(cause instanceof TimeoutException);
  }

  /**
   * The library's connection state machine takes a lock on every call (a contended lock parks the
   * thread) and the serial transport resolves, opens and writes to the port in the caller's thread:
   * calls into the client start on a worker, never on an event loop. The outcome comes back on the
   * caller's context.
   */
  private static <T> Future<T> call(Context caller, Supplier<? extends CompletionStage<T>> action) {
    return caller.executeBlocking(action::get, false).compose(stage -> Future.fromCompletionStage(stage, caller));
  }
}
