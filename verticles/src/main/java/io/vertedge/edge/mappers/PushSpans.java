package io.vertedge.edge.mappers;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertedge.mappers.push.Reading;
import io.vertedge.otel.Tracing;

/**
 * One client span per push, {@code push <method>}, from the hand-over to the push method to its
 * outcome (retries included), with the device, property, method and outcome as attributes and
 * status ERROR when the reading was not delivered. A push is periodic, not caused by a traced
 * request, so each span starts its own trace (sampled by {@code telemetry.traces.sampleRatio}).
 * With traces off the tracer is the no-op one: no span is recorded and no attribute is set.
 */
final class PushSpans {

  static final AttributeKey<String> DEVICE = AttributeKey.stringKey("device.id");
  static final AttributeKey<String> PROPERTY = AttributeKey.stringKey("device.property");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("push.method");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("push.outcome");

  private final Tracing tracing;
  private final Tracer tracer;

  PushSpans(Tracing tracing) {
    this.tracing = tracing;
    this.tracer = tracing.tracer("io.vertedge.mappers");
  }

  /** @param spanName {@code push <method>}, built once per target rather than per push */
  Span start(String spanName, String method, Reading reading) {
    Span span = tracing.startChild(tracer, spanName, SpanKind.CLIENT, "");
    if (span.isRecording()) {
      span.setAttribute(DEVICE, reading.namespace() + "/" + reading.device());
      span.setAttribute(PROPERTY, reading.property());
      span.setAttribute(METHOD, method);
    }
    return span;
  }

  /** @param outcome as on {@code vertedge_mapper_pushes_total}: ok, failed or dropped */
  static void end(Span span, String outcome, Throwable failure) {
    if (span.isRecording()) {
      span.setAttribute(OUTCOME, outcome);
      if (failure != null) {
        span.setStatus(StatusCode.ERROR, failure.toString());
      }
    }
    span.end();
  }
}
