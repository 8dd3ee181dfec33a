package io.vertedge.store.state;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The state store's instruments. Commits cost milliseconds and a histogram shows when batching
 * falls short (many small batches); the key gauge shows how big each map grows.
 */
public final class StateMetrics {

  private static final AttributeKey<String> MAP = AttributeKey.stringKey("map");

  private final Meter meter;
  private final DoubleHistogram commitDuration;
  private final LongHistogram batchSize;

  public StateMetrics(Meter meter) {
    this.meter = meter;
    // The default buckets are meant for milliseconds; a commit takes 1–200 ms, in seconds here.
    commitDuration = meter.histogramBuilder("vertedge.store.state.commit.duration").setUnit("s")
        .setDescription("Time to apply and commit one batch to the state store")
        .setExplicitBucketBoundariesAdvice(List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))
        .build();
    batchSize = meter.histogramBuilder("vertedge.store.state.batch.size").ofLongs().setUnit("{write}")
        .setDescription("Puts and deletes applied with one commit")
        .setExplicitBucketBoundariesAdvice(List.of(1L, 10L, 100L, 1_000L, 10_000L))
        .build();
  }

  public static StateMetrics noop() {
    return new StateMetrics(OpenTelemetry.noop().getMeter("io.vertedge.store.state"));
  }

  void committed(long nanos, int writes) {
    commitDuration.record(nanos / 1e9);
    batchSize.record(writes);
  }

  /**
   * Reports each map's live keys as read by {@code keysByMap}, which is called at every
   * collection (possibly on an event loop): it must answer from memory. Close the result to stop.
   */
  ObservableLongGauge observeKeys(Supplier<Map<String, Long>> keysByMap) {
    return meter.gaugeBuilder("vertedge.store.state.keys").ofLongs().setUnit("{key}")
        .setDescription("Keys with a value in each state map (tombstones not counted)")
        .buildWithCallback(measurement -> keysByMap.get()
            .forEach((map, keys) -> measurement.record(keys, Attributes.of(MAP, map))));
  }
}
