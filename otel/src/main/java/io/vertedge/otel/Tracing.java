package io.vertedge.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.Map;

/**
 * Spans across the link: starts spans and reads and writes the W3C {@code traceparent} that the
 * link envelope carries (API.md §6). With traces off the tracer is OpenTelemetry's no-op one: a
 * span costs one small object, and a received {@code traceparent} is passed on unchanged, so a
 * process without an endpoint does not break its peer's traces.
 */
public final class Tracing {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<String> FROM_TRACEPARENT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return java.util.List.of(TRACEPARENT);
    }

    @Override
    public String get(String carrier, String key) {
      return TRACEPARENT.equals(key) ? carrier : null;
    }
  };

  private final TracerProvider provider;

  Tracing(TracerProvider provider) {
    this.provider = provider;
  }

  /** No spans at all; for processes and tests without telemetry. */
  public static Tracing off() {
    return new Tracing(TracerProvider.noop());
  }

  /** The tracer of an instrumentation scope, e.g. {@code io.vertedge.twins}. */
  public Tracer tracer(String scope) {
    return provider.get(scope);
  }

  /** A span named {@code name} as a child of {@code traceparent} (a new trace when it is empty or invalid). */
  public Span startChild(Tracer tracer, String name, SpanKind kind, String traceparent) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind);
    if (traceparent == null || traceparent.isEmpty()) {
      builder.setNoParent();
    } else {
      builder.setParent(W3C.extract(Context.root(), traceparent, FROM_TRACEPARENT));
    }
    return builder.startSpan();
  }

  /** The {@code traceparent} of {@code span}, or "" when it has no valid context (traces off and no parent). */
  public static String traceparent(Span span) {
    if (!span.getSpanContext().isValid()) {
      return "";
    }
    Map<String, String> headers = new java.util.HashMap<>(2);
    W3C.inject(Context.root().with(span), headers, Map::put);
    return headers.getOrDefault(TRACEPARENT, "");
  }
}
