package io.vertedge.edge.twin;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.devices.telemetry.TwinUpdateTimer;

/**
 * DeviceTwin's instruments. Prometheus names: {@code vertedge_twin_updates_total{result="accepted|rejected"}}
 * (devices' {@code twin/update}), {@code vertedge_twin_deltas_total} (deltas published),
 * {@code vertedge_twin_requests_total{kind="get|state|membership",result="answered|rejected"}},
 * {@code vertedge_twin_update_duration_seconds{source="device"}} (a {@code twin/update} arriving to it being durable).
 */
final class TwinMetrics {

  private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  private static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  private static final Attributes ACCEPTED = Attributes.of(RESULT, "accepted");
  private static final Attributes REJECTED = Attributes.of(RESULT, "rejected");

  private final LongCounter updates;
  private final LongCounter deltas;
  private final LongCounter requests;
  private final TwinUpdateTimer updateDuration;

  TwinMetrics(Meter meter) {
    updates = meter.counterBuilder("vertedge.twin.updates").setUnit("{update}")
        .setDescription("twin updates devices published, by result").build();
    deltas = meter.counterBuilder("vertedge.twin.deltas").setUnit("{delta}")
        .setDescription("twin deltas published to devices").build();
    requests = meter.counterBuilder("vertedge.twin.requests").setUnit("{request}")
        .setDescription("twin gets, state updates and membership gets devices published, by kind and result").build();
    updateDuration = new TwinUpdateTimer(meter, "device");
  }

  void update(boolean accepted) {
    updates.add(1, accepted ? ACCEPTED : REJECTED);
  }

  /** An update that arrived at {@code startNanos} is durable now. */
  void updateDurable(long startNanos) {
    updateDuration.since(startNanos);
  }

  void delta() {
    deltas.add(1);
  }

  void request(String kind, boolean answered) {
    requests.add(1, Attributes.of(KIND, kind, RESULT, answered ? "answered" : "rejected"));
  }
}
