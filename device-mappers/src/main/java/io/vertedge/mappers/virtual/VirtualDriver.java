package io.vertedge.mappers.virtual;

import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.DeviceDriver;
import io.vertedge.mappers.driver.DeviceHealth;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A simulated device. Each property follows the signal its visitors name; a written value replaces
 * the signal for good, so the next reads return exactly what was written. With {@code seed} in the
 * protocol configData, random walks repeat from run to run.
 */
public final class VirtualDriver implements DeviceDriver {

  private final LongSupplier clockMillis;
  private final Map<String, PropertySpec> properties = new ConcurrentHashMap<>();
  private final Map<String, Signal> signals = new ConcurrentHashMap<>();
  private final Map<String, String> written = new ConcurrentHashMap<>();
  private volatile DeviceHealth health = DeviceHealth.OFFLINE;
  private long startMillis;

  /** @param clockMillis wall clock in milliseconds; tests pass their own to drive sine waves */
  public VirtualDriver(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  @Override
  public Future<Void> init(DeviceSpec device) {
    try {
      long seed = device.protocol().integer("seed", System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE);
      Map<String, PropertySpec> byName = device.propertiesByName();
      Map<String, Signal> built = new ConcurrentHashMap<>();
      byName.forEach((name, property) -> built.put(name, Signals.of(property, new Random(seed * 31 + name.hashCode()))));
      properties.putAll(byName);
      signals.putAll(built);
    } catch (InvalidFieldException e) {
      return Future.failedFuture(e);
    }
    startMillis = clockMillis.getAsLong();
    health = DeviceHealth.ONLINE;
    return Future.succeededFuture();
  }

  @Override
  public Future<String> read(String property) {
    Signal signal = signals.get(property);
    if (signal == null) {
      return Future.failedFuture(unknown(property));
    }
    String value = written.get(property);
    if (value != null) {
      return Future.succeededFuture(value);
    }
    // walks and counters keep state; the collect loop and the method API may read from different contexts
    synchronized (signal) {
      return Future.succeededFuture(signal.sample(clockMillis.getAsLong() - startMillis));
    }
  }

  @Override
  public Future<Void> write(String property, String value) {
    PropertySpec spec = properties.get(property);
    if (spec == null) {
      return Future.failedFuture(unknown(property));
    }
    if (spec.accessMode() == AccessMode.READ_ONLY) {
      return Future.failedFuture(new InvalidFieldException("properties[" + property + "]", "is ReadOnly"));
    }
    try {
      written.put(property, spec.type().canonical(spec.valueField(), value));
      return Future.succeededFuture();
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
    health = DeviceHealth.OFFLINE;
    signals.clear();
    properties.clear();
    return Future.succeededFuture();
  }

  private static InvalidFieldException unknown(String property) {
    return new InvalidFieldException("properties[" + property + "]", "no such property on this device");
  }
}
