package io.vertedge.mappers.modbus;

import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.serial.client.SerialPortClientTransport;
import io.vertedge.mappers.driver.InvalidFieldException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The open serial ports of this process, one client each. Several slaves on one RS-485 bus are
 * several devices on one port, and a port opens only once: devices on the same {@code serialPort}
 * share its client (and its one-request-at-a-time order), and the port closes when the last of them
 * stops. The first device's {@code timeout} applies to the port.
 */
final class SerialLines {

  private static final Map<String, Shared> OPEN = new HashMap<>();

  private SerialLines() {
  }

  private static final class Shared {
    final SerialLine settings;
    final ModbusLine line;
    int users;

    Shared(SerialLine settings, ModbusLine line) {
      this.settings = settings;
      this.line = line;
    }
  }

  /**
   * The port's line, set up for the first user; opens nothing yet. Blocking (resolves the port's
   * path): call on a worker.
   *
   * @param field the configData path to name when the settings differ from the port's
   */
  static ModbusLine acquire(SerialLine settings, Duration timeout, String field) {
    String port = realPath(settings.port());
    synchronized (OPEN) {
      Shared shared = OPEN.get(port);
      if (shared == null) {
        shared = new Shared(settings, ModbusLine.serial(() -> ModbusRtuClient.create(SerialPortClientTransport.create(config -> {
          config.serialPort = settings.port();
          config.baudRate = settings.baudRate();
          config.dataBits = settings.dataBits();
          config.parity = settings.parity().jSerialComm;
          config.stopBits = settings.jSerialCommStopBits();
        }), config -> config.requestTimeout = timeout), () -> release(port)));
        OPEN.put(port, shared);
      } else if (!shared.settings.sameLine(settings)) {
        throw new InvalidFieldException(field, settings.port() + " is already open at " + shared.settings.settings()
            + " for other devices; every device on one serial port needs the same settings, not " + settings.settings());
      }
      shared.users++;
      return shared.line;
    }
  }

  /** A {@code /dev/serial/by-id/...} link and the device it points to are one port; a missing path stays as given. */
  private static String realPath(String port) {
    try {
      return Path.of(port).toRealPath().toString();
    } catch (IOException | InvalidPathException e) {
      return port;
    }
  }

  /** One user fewer; the last one closes the port. */
  private static CompletionStage<Void> release(String port) {
    synchronized (OPEN) {
      Shared shared = OPEN.get(port);
      if (shared == null || --shared.users > 0) {
        return CompletableFuture.completedFuture(null);
      }
      OPEN.remove(port);
      return shared.line.disconnect();
    }
  }
}
