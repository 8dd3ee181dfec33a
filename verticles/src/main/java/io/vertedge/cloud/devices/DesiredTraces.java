package io.vertedge.cloud.devices;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.vertedge.otel.Tracing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a desired-value request's trace across the registry: the API route leaves its span's
 * {@code traceparent} under the device's edge key before it writes, and the DeviceController
 * takes it when it sends that device to its node, so the state envelope continues the request's
 * trace on the edge. A device changed again before it is sent goes with the newest request's
 * trace. Bounded: at most {@value #MAX_PENDING} devices wait, the oldest is forgotten first.
 * Confined to no thread: the route and the controller run on different contexts.
 */
public final class DesiredTraces {

  static final int MAX_PENDING = 10_000;

  private final Tracing tracing;
  private final Tracer tracer;
  private final Map<String, String> pending = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_PENDING;
    }
  };

  public DesiredTraces(Tracing tracing) {
    this.tracing = tracing;
    this.tracer = tracing.tracer("io.vertedge.twins");
  }

  /** Starts the request's span and leaves its traceparent for the device's next send; end the span when answered. */
  public Span requested(ObjectKey device, String property) {
    Span span = tracer.spanBuilder("PUT /twins/{property}/desired").setSpanKind(SpanKind.SERVER).setNoParent()
        .setAttribute("device.id", device.namespace() + "/" + device.name())
        .setAttribute("device.property", property)
        .startSpan();
    String traceparent = Tracing.traceparent(span);
    if (!traceparent.isEmpty()) {
      synchronized (pending) {
        pending.put(EdgeView.key(device), traceparent);
      }
    }
    return span;
  }

  /** The write failed: nothing of it will be sent. */
  public void failed(ObjectKey device, Span span) {
    String traceparent = Tracing.traceparent(span);
    synchronized (pending) {
      pending.remove(EdgeView.key(device), traceparent);
    }
  }

  /** A span for sending {@code edgeKey} to {@code node}, continuing the request that changed it (a root span otherwise, unsampled when traces are off). */
  Span sending(String edgeKey, String node) {
    String parent;
    synchronized (pending) {
      parent = pending.remove(edgeKey);
    }
    if (parent == null) {
      return Span.getInvalid();
    }
    Span span = tracing.startChild(tracer, "send " + edgeKey.substring(0, edgeKey.indexOf('/')) + " to node",
        SpanKind.PRODUCER, parent);
    span.setAttribute("node", node);
    span.setAttribute("resource", edgeKey);
    return span;
  }
}
