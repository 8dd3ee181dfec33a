package io.vertedge.edge.mappers;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * The built-in mappers' push instruments: {@code vertedge_mapper_pushes_total} by method and
 * outcome ({@code ok}; {@code failed}: sent and given up on after its retries; {@code dropped}:
 * discarded unsent, e.g. from a full queue while the broker is down), and
 * {@code vertedge_mapper_push_duration_seconds} by method, from the hand-over to the outcome
 * (retries and time queued included).
 */
final class PushMetrics {

  static final String OK = "ok";
  static final String FAILED = "failed";
  static final String DROPPED = "dropped";
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

  private final LongCounter pushes;
  private final DoubleHistogram duration;

  PushMetrics(Meter meter) {
    pushes = meter.counterBuilder("vertedge.mapper.pushes").setUnit("{push}")
        .setDescription("Readings the built-in mappers pushed, by push method and outcome").build();
    duration = meter.histogramBuilder("vertedge.mapper.push.duration").setUnit("s")
        .setDescription("Time from a reading's hand-over to its push method to its outcome, by push method").build();
  }

  void pushed(String method, String outcome, long nanos) {
    pushes.add(1, Attributes.of(METHOD, method, OUTCOME, outcome));
    duration.record(nanos / 1e9, Attributes.of(METHOD, method));
  }
}
