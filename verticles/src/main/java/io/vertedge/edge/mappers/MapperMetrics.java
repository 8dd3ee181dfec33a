package io.vertedge.edge.mappers;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.mappers.driver.DeviceHealth;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in mappers' instruments: {@code vertedge_mapper_reads_total} and
 * {@code vertedge_mapper_writes_total} by protocol and result ({@code ok}, {@code error}), and
 * {@code vertedge_mapper_devices} by protocol and health.
 */
final class MapperMetrics {

  private static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("protocol");
  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  private static final AttributeKey<String> HEALTH = AttributeKey.stringKey("health");

  private final LongCounter reads;
  private final LongCounter writes;

  /** @param devices the running devices' protocol and health, read when the gauge is collected */
  MapperMetrics(Meter meter, Supplier<Collection<Map.Entry<String, DeviceHealth>>> devices) {
    reads = meter.counterBuilder("vertedge.mapper.reads").setUnit("{read}")
        .setDescription("Property reads of the built-in mappers, by protocol and result").build();
    writes = meter.counterBuilder("vertedge.mapper.writes").setUnit("{write}")
        .setDescription("Desired values written by the built-in mappers, by protocol and result").build();
    meter.gaugeBuilder("vertedge.mapper.devices").ofLongs().setUnit("{device}")
        .setDescription("Devices the built-in mappers run, by protocol and health")
        .buildWithCallback(gauge -> {
          Map<Attributes, Long> counts = new HashMap<>();
          for (Map.Entry<String, DeviceHealth> device : devices.get()) {
            counts.merge(Attributes.of(PROTOCOL, device.getKey(), HEALTH, device.getValue().state()), 1L, Long::sum);
          }
          counts.forEach((attributes, count) -> gauge.record(count, attributes));
        });
  }

  void read(String protocol, boolean ok) {
    reads.add(1, Attributes.of(PROTOCOL, protocol, RESULT, ok ? "ok" : "error"));
  }

  void write(String protocol, boolean ok) {
    writes.add(1, Attributes.of(PROTOCOL, protocol, RESULT, ok ? "ok" : "error"));
  }
}
