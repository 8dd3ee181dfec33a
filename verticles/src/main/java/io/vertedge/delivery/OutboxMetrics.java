package io.vertedge.delivery;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.function.LongSupplier;

/** What an outbox refused, dropped and holds, labelled with its name ({@code events}, {@code drop-oldest}). */
public final class OutboxMetrics {

  private static final AttributeKey<String> OUTBOX = AttributeKey.stringKey("outbox");

  private final Meter meter;
  private final Attributes attributes;
  private final LongCounter refused;
  private final LongCounter dropped;

  public OutboxMetrics(Meter meter, String outbox) {
    this.meter = meter;
    this.attributes = Attributes.of(OUTBOX, outbox);
    refused = meter.counterBuilder("vertedge.outbox.refused").setUnit("{event}")
        .setDescription("Events the outbox refused because it was at its bound (back-pressure)").build();
    dropped = meter.counterBuilder("vertedge.outbox.dropped").setUnit("{event}")
        .setDescription("Unacknowledged events dropped, oldest first, to make room (overflow dropOldest)").build();
  }

  public static OutboxMetrics noop() {
    return new OutboxMetrics(OpenTelemetry.noop().getMeter("io.vertedge.delivery"), "events");
  }

  void refused() {
    refused.add(1, attributes);
  }

  void dropped(long events) {
    dropped.add(events, attributes);
  }

  /** Until closed: a stopped outbox leaves the gauge. */
  AutoCloseable watchPending(LongSupplier pending) {
    return meter.gaugeBuilder("vertedge.outbox.pending").ofLongs().setUnit("{event}")
        .setDescription("Events accepted and not yet acknowledged by the peer")
        .buildWithCallback(gauge -> gauge.record(pending.getAsLong(), attributes));
  }
}
