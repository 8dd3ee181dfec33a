package io.vertedge.otel.push;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertedge.otel.otlp.OtlpEndpoint;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One property's readings to one OTLP endpoint: numbers as doubles, booleans as 0/1, on the gauge
 * named after the property with the device's attributes. Strings and bytes are no metric: the
 * first such reading logs a warning, the rest are skipped quietly.
 */
final class OtelTarget implements PushTarget {

  private static final Logger LOG = LoggerFactory.getLogger(OtelTarget.class);

  // the OpenTelemetry instrument name syntax; the SDK would silently drop anything else
  private static final Pattern INSTRUMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

  private static final AttributeKey<String> DEVICE_ID = AttributeKey.stringKey("device.id");
  private static final AttributeKey<String> DEVICE_NAMESPACE = AttributeKey.stringKey("device.namespace");
  private static final AttributeKey<String> DEVICE_NAME = AttributeKey.stringKey("device.name");
  private static final AttributeKey<String> NODE = AttributeKey.stringKey("node");
  private static final AttributeKey<String> DEVICE_MODEL = AttributeKey.stringKey("device.model");
  private static final AttributeKey<String> UNIT = AttributeKey.stringKey("unit");

  private final OtlpEndpoint endpoint;
  private final EndpointPipeline pipeline;
  private final OtelPushMethod method;
  private PropertyGauge gauge;
  private String property;
  private Attributes series;
  private boolean warned;
  private boolean released;
  private CompletableFuture<Void> round;
  private Future<Void> roundOutcome;

  OtelTarget(OtlpEndpoint endpoint, EndpointPipeline pipeline, OtelPushMethod method) {
    this.endpoint = endpoint;
    this.pipeline = pipeline;
    this.method = method;
  }

  @Override
  public Future<Void> push(Reading reading) {
    if (released) {
      return Future.failedFuture(new IllegalStateException("otel target of " + reading.deviceId() + " was released"));
    }
    double value;
    switch (reading.type()) {
      case INT, FLOAT, DOUBLE -> value = Double.parseDouble(reading.value());
      case BOOLEAN -> value = Boolean.parseBoolean(reading.value()) ? 1 : 0;
      default -> {
        warnOnce(reading, reading.type() + " values are not metrics; this property is not exported");
        return Future.succeededFuture();
      }
    }
    if (gauge == null) {
      if (!INSTRUMENT_NAME.matcher(reading.property()).matches()) {
        warnOnce(reading, "'" + reading.property() + "' is not a valid OpenTelemetry metric name; this property is not exported");
        return Future.succeededFuture();
      }
      property = reading.property();
      series = attributes(reading);
      gauge = pipeline.gauge(property);
    }
    gauge.record(series, value);
    // pushes waiting for the same export share one future: while an export retries, what waits
    // is one future per property, not one per push
    CompletableFuture<Void> next = pipeline.nextExport();
    if (next != round) {
      round = next;
      roundOutcome = Future.fromCompletionStage(next, method.vertx().getOrCreateContext());
    }
    return roundOutcome;
  }

  private static Attributes attributes(Reading reading) {
    AttributesBuilder builder = Attributes.builder()
        .put(DEVICE_ID, reading.deviceId())
        .put(DEVICE_NAMESPACE, reading.namespace())
        .put(DEVICE_NAME, reading.device());
    if (reading.node() != null) {
      builder.put(NODE, reading.node());
    }
    if (reading.model() != null) {
      builder.put(DEVICE_MODEL, reading.model());
    }
    if (reading.unit() != null && !reading.unit().isEmpty()) {
      builder.put(UNIT, reading.unit());
    }
    return builder.build();
  }

  private void warnOnce(Reading reading, String why) {
    if (!warned) {
      warned = true;
      LOG.warn("node {}: device {} property {} to {}: {}", reading.node(), reading.deviceId(), reading.property(), endpoint, why);
    }
  }

  @Override
  public void release() {
    if (!released) {
      released = true;
      method.released(endpoint, pipeline, property, gauge, series);
    }
  }
}
