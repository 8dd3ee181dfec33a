package io.vertedge.otel;

import io.vertedge.otel.otlp.OtlpEndpoint;

/**
 * Where spans go ({@code telemetry.traces.endpoint}, read like an otel push method's
 * {@code endpointURL}: a path means OTLP/HTTP, none OTLP/gRPC) and which share of traces is kept
 * ({@code telemetry.traces.sampleRatio}, applied where a trace starts; a process continuing a
 * trace follows the caller's decision). {@link #OFF}: no spans are recorded, but the
 * {@code traceparent} a process receives still travels on.
 */
public record TraceSettings(OtlpEndpoint endpoint, double sampleRatio) {

  public static final TraceSettings OFF = new TraceSettings(null, 0);

  public TraceSettings {
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("sample ratio must be between 0 and 1, not " + sampleRatio);
    }
  }

  public boolean enabled() {
    return endpoint != null;
  }
}
