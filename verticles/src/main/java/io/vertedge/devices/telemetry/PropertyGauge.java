package io.vertedge.devices.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vertedge_device_property_value{namespace,device,property,node,unit}}: the latest
 * reported value of every numeric property of the devices a side holds, so that a plain
 * Prometheus scrape of {@code /metrics} sees device data without OTLP. Numbers are doubles,
 * booleans 0/1; strings (and values that do not parse as their type) have no series.
 *
 * <p>One observable gauge reads a map its owner replaces per device: a scrape sees each
 * device's values as one consistent set, and a removed device's series are gone at the next
 * scrape. Updates may come from any thread; a scrape never waits for them.
 */
public final class PropertyGauge implements AutoCloseable {

  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> DEVICE = AttributeKey.stringKey("device");
  private static final AttributeKey<String> PROPERTY = AttributeKey.stringKey("property");
  private static final AttributeKey<String> NODE = AttributeKey.stringKey("node");
  private static final AttributeKey<String> UNIT = AttributeKey.stringKey("unit");

  /**
   * One property's reported value as text, with its type ({@code int}, {@code float},
   * {@code boolean}, ... as KubeEdge's twin metadata or a model spells it) and the model's unit
   * ({@code ""} when none).
   */
  public record Reading(String property, String type, String value, String unit) { }

  private record Point(Attributes attributes, double value) { }

  private final Map<String, List<Point>> byDevice = new ConcurrentHashMap<>();
  private final ObservableDoubleGauge gauge;

  public PropertyGauge(Meter meter) {
    gauge = meter.gaugeBuilder("vertedge.device.property.value")
        .setDescription("Latest reported value of each numeric device property (booleans 0/1)")
        .buildWithCallback(measurement -> byDevice.values().forEach(points ->
            points.forEach(point -> measurement.record(point.value(), point.attributes()))));
  }

  /** Replaces what the device {@code namespace/name} of {@code node} reported. */
  public void put(String namespace, String name, String node, List<Reading> readings) {
    List<Point> points = new ArrayList<>(readings.size());
    for (Reading reading : readings) {
      OptionalDouble value = numeric(reading.type(), reading.value());
      if (value.isPresent()) {
        points.add(new Point(Attributes.builder().put(NAMESPACE, namespace).put(DEVICE, name)
            .put(PROPERTY, reading.property()).put(NODE, node == null ? "" : node)
            .put(UNIT, reading.unit() == null ? "" : reading.unit()).build(), value.getAsDouble()));
      }
    }
    String key = namespace + "/" + name;
    if (points.isEmpty()) {
      byDevice.remove(key);
    } else {
      byDevice.put(key, List.copyOf(points));
    }
  }

  /** Forgets the device {@code namespace/name}: its series leave the next scrape. */
  public void remove(String namespace, String name) {
    byDevice.remove(namespace + "/" + name);
  }

  /** The value as a gauge sample: a number of a numeric type, 0/1 of a boolean; empty otherwise. */
  static OptionalDouble numeric(String type, String value) {
    if (type == null || value == null || value.isEmpty()) {
      return OptionalDouble.empty();
    }
    switch (type.toLowerCase(Locale.ROOT)) {
      case "int", "integer", "float", "double" -> {
        try {
          double number = Double.parseDouble(value.trim());
          return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
          return OptionalDouble.empty();
        }
      }
      case "boolean" -> {
        // the spellings Go's strconv.ParseBool takes, as KubeEdge's mappers write them
        return switch (value.trim()) {
          case "true", "True", "TRUE", "t", "T", "1" -> OptionalDouble.of(1);
          case "false", "False", "FALSE", "f", "F", "0" -> OptionalDouble.of(0);
          default -> OptionalDouble.empty();
        };
      }
      default -> {
        return OptionalDouble.empty();
      }
    }
  }

  /** Removes the gauge from the meter (a stopped side leaves no stale series). */
  @Override
  public void close() {
    gauge.close();
  }
}
