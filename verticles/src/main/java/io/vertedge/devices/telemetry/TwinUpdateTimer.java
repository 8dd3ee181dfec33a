package io.vertedge.devices.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;

import java.util.List;

/**
 * {@code vertedge_twin_update_duration_seconds{source}}: how long a twin change takes until it
 * is durable. On the edge ({@code source="device"}) from a device's {@code twin/update} arriving
 * to the twin kept and its report in the outbox; on the cloud ({@code source="api"}) from a
 * desired-value PUT arriving to the device written in the registry. Only changes that succeed
 * are recorded.
 */
public final class TwinUpdateTimer {

  /** Fsync-bound: from sub-millisecond on a fast disk to seconds on a busy SD card. */
  private static final List<Double> SECONDS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1.0, 2.5);

  private final DoubleHistogram duration;
  private final Attributes attributes;

  public TwinUpdateTimer(Meter meter, String source) {
    duration = meter.histogramBuilder("vertedge.twin.update.duration").setUnit("s")
        .setDescription("Time from a twin change arriving to it being durable (source: device on the edge, api on"
            + " the cloud)")
        .setExplicitBucketBoundariesAdvice(SECONDS).build();
    attributes = Attributes.of(AttributeKey.stringKey("source"), source);
  }

  /** Records the time since {@code startNanos} ({@link System#nanoTime()}). */
  public void since(long startNanos) {
    duration.record((System.nanoTime() - startNanos) / 1e9, attributes);
  }
}
