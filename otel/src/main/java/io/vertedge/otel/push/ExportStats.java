package io.vertedge.otel.push;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * The hub's own metrics for device data export, on the hub's meter (so on {@code /metrics}):
 * {@code vertedge_otel_points_exported_total}, {@code vertedge_otel_points_dropped_total} and
 * {@code vertedge_otel_export_failures_total}, each by {@code endpoint}.
 */
final class ExportStats {

  private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("endpoint");

  private final LongCounter exported;
  private final LongCounter dropped;
  private final LongCounter failures;
  private final Attributes attributes;

  private ExportStats(Instruments instruments, String endpoint) {
    this.exported = instruments.exported;
    this.dropped = instruments.dropped;
    this.failures = instruments.failures;
    this.attributes = Attributes.of(ENDPOINT, endpoint);
  }

  void exported(long points) {
    exported.add(points, attributes);
  }

  void failed(long points) {
    failures.add(1, attributes);
    dropped.add(points, attributes);
  }

  /** The counters, created once per push method. */
  static final class Instruments {
    private final LongCounter exported;
    private final LongCounter dropped;
    private final LongCounter failures;

    Instruments(Meter meter) {
      this.exported = meter.counterBuilder("vertedge.otel.points.exported").setUnit("{point}")
          .setDescription("Device readings exported over OTLP by the otel push method").build();
      this.dropped = meter.counterBuilder("vertedge.otel.points.dropped").setUnit("{point}")
          .setDescription("Device readings dropped because their OTLP export failed after its retries").build();
      this.failures = meter.counterBuilder("vertedge.otel.export.failures").setUnit("{export}")
          .setDescription("OTLP exports of device readings that failed after their retries").build();
    }

    ExportStats forEndpoint(String endpoint) {
      return new ExportStats(this, endpoint);
    }
  }
}
