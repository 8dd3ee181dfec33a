package io.vertedge.store.log;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The instruments of one log, told apart from other logs of the process by the attribute
 * {@code log}. Prometheus names (API.md, metrics): {@code vertedge_store_log_fsync_duration_seconds},
 * {@code vertedge_store_log_records_total}, {@code vertedge_store_log_bytes_total},
 * {@code vertedge_store_log_batch_size}, {@code vertedge_store_log_size_bytes},
 * {@code vertedge_store_log_segments}.
 */
public final class LogMetrics {

  // a force takes ≈ 0.15 ms on a quiet SSD and up to hundreds of ms on a busy SD card
  private static final List<Double> FSYNC_SECONDS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
      0.005, 0.01, 0.025, 0.05, 0.1, 0.2);
  private static final List<Long> BATCH_RECORDS = List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L,
      2000L, 5000L);

  private final Meter meter;
  private final Attributes attributes;
  private final DoubleHistogram fsyncDuration;
  private final LongCounter records;
  private final LongCounter bytes;
  private final LongHistogram batchSize;

  /** Instruments for the log named {@code logName} (e.g. {@code upstream}). */
  public LogMetrics(Meter meter, String logName) {
    this.meter = meter;
    this.attributes = Attributes.of(AttributeKey.stringKey("log"), logName);
    fsyncDuration = meter.histogramBuilder("vertedge.store.log.fsync.duration").setUnit("s")
        .setDescription("Time to force a batch of records to disk")
        .setExplicitBucketBoundariesAdvice(FSYNC_SECONDS).build();
    records = meter.counterBuilder("vertedge.store.log.records").setUnit("{record}")
        .setDescription("Records appended and forced").build();
    bytes = meter.counterBuilder("vertedge.store.log.bytes").setUnit("By")
        .setDescription("Bytes appended and forced, record headers included").build();
    batchSize = meter.histogramBuilder("vertedge.store.log.batch.size").ofLongs().setUnit("{record}")
        .setDescription("Records forced together").setExplicitBucketBoundariesAdvice(BATCH_RECORDS).build();
  }

  public static LogMetrics of(OpenTelemetry openTelemetry, String logName) {
    return new LogMetrics(openTelemetry.getMeter("io.vertedge.store.log"), logName);
  }

  public static LogMetrics noop() {
    return of(OpenTelemetry.noop(), "noop");
  }

  void forced(int recordCount, long byteCount, long forceNanos) {
    fsyncDuration.record(forceNanos / 1e9, attributes);
    records.add(recordCount, attributes);
    bytes.add(byteCount, attributes);
    batchSize.record(recordCount, attributes);
  }

  /** Registers the size gauges of an open log; closing the result unregisters them. */
  AutoCloseable watch(LongSupplier sizeBytes, LongSupplier segmentCount) {
    ObservableLongGauge size = meter.gaugeBuilder("vertedge.store.log.size").ofLongs().setUnit("By")
        .setDescription("Bytes in the log's segment files")
        .buildWithCallback(gauge -> gauge.record(sizeBytes.getAsLong(), attributes));
    ObservableLongGauge segments = meter.gaugeBuilder("vertedge.store.log.segments").ofLongs().setUnit("{segment}")
        .setDescription("Segment files in the log")
        .buildWithCallback(gauge -> gauge.record(segmentCount.getAsLong(), attributes));
    return () -> {
      size.close();
      segments.close();
    };
  }
}
