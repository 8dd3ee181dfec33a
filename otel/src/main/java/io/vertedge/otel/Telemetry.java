package io.vertedge.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.exporter.prometheus.TranslationStrategy;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertedge.otel.otlp.OtlpExporters;
import io.vertx.core.Vertx;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process's one telemetry root: an {@link OpenTelemetrySdk} whose metrics are read by a
 * {@link PrometheusMetricReader} and rendered by {@link #scrape()} on our own HTTP route
 * (the exporter's own HTTP server is never started). Built once per process by the
 * composition root and passed to whoever records metrics; JVM metrics are registered here.
 *
 * <p>Naming: an instrument {@code vertedge.link.bytes} with unit {@code By} becomes
 * {@code vertedge_link_bytes_total} (the rule: dots become underscores, a unit is appended unless the name ends with it or it is in braces, counters get {@code _total}).
 */
public final class Telemetry implements AutoCloseable {

  /** Content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  /** Series an observable gauge may have (device property values: one per property of every device). */
  static final int MAX_GAUGE_SERIES = 200_000;
  private static final int DEFAULT_SERIES = 2_000;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

  private final OpenTelemetrySdk sdk;
  private final PrometheusMetricReader reader;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final String version;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final Tracing tracing;

  private Telemetry(OpenTelemetrySdk sdk, PrometheusMetricReader reader, String version, Tracing tracing) {
    this.sdk = sdk;
    this.reader = reader;
    this.version = version;
    this.tracing = tracing;
  }

  /**
   * Builds the SDK with resource {@code service.name}, {@code service.version} and the given
   * extra attributes (e.g. {@code vertedge.node.name}), and registers the JVM metrics.
   */
  public static Telemetry create(String serviceName, String version, Map<String, String> attributes) {
    return create(serviceName, version, attributes, TraceSettings.OFF, null);
  }

  /**
   * As {@link #create(String, String, Map)}, with spans exported to {@code traces.endpoint} when
   * set (in batches, at most a second late; {@code vertx} carries OTLP/gRPC).
   */
  public static Telemetry create(String serviceName, String version, Map<String, String> attributes,
                                 TraceSettings traces, Vertx vertx) {
    Objects.requireNonNull(serviceName, "serviceName");
    Resource resource = resource(serviceName, version, attributes);
    // target_info and otel_scope_* labels only add noise to every scrape; the resource still
    // travels with traces.
    PrometheusMetricReader reader = PrometheusMetricReader.builder()
        .setTargetInfoMetricEnabled(false)
        .setOtelScopeLabelsEnabled(false)
        .setTranslationStrategy(TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES)
        .build();
    SdkTracerProvider tracerProvider = tracerProvider(resource, traces, vertx);
    SdkMeterProvider meters = SdkMeterProvider.builder()
        .setResource(resource)
        // the SDK keeps 2,000 series per instrument by default; the device property gauge has one
        // per property of every device (1,000 devices of 10 properties are 10,000)
        .registerMetricReader(reader, type -> type == InstrumentType.OBSERVABLE_GAUGE ? MAX_GAUGE_SERIES : DEFAULT_SERIES)
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(meters)
        .setTracerProvider(tracerProvider)
        // the link envelope carries W3C traceparent (API.md section 6)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    Tracing tracing = traces.enabled() ? new Tracing(tracerProvider) : Tracing.off();
    Telemetry telemetry = new Telemetry(sdk, reader, version, tracing);
    JvmMetrics.register(telemetry.meter("io.vertedge.jvm"));
    return telemetry;
  }

  private static SdkTracerProvider tracerProvider(Resource resource, TraceSettings traces, Vertx vertx) {
    var builder = SdkTracerProvider.builder().setResource(resource);
    if (traces.enabled()) {
      builder.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(traces.sampleRatio())))
          .addSpanProcessor(BatchSpanProcessor.builder(OtlpExporters.spans(vertx, traces.endpoint()))
              .setScheduleDelay(Duration.ofSeconds(1))
              .build());
    }
    return builder.build();
  }

  private static Resource resource(String serviceName, String version, Map<String, String> attributes) {
    ResourceBuilder builder = Resource.getDefault().toBuilder()
        .put(SERVICE_NAME, serviceName);
    if (version != null) {
      builder.put(SERVICE_VERSION, version);
    }
    if (attributes != null) {
      attributes.forEach(builder::put);
    }
    return builder.build();
  }

  /** The SDK, for tracers, meters and propagators. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Spans and the link's {@code traceparent}; no-op unless traces are configured. */
  public Tracing tracing() {
    return tracing;
  }

  /** A meter for an instrumentation scope, e.g. {@code io.vertedge.link}. */
  public Meter meter(String scope) {
    var builder = sdk.meterBuilder(scope);
    return version == null ? builder.build() : builder.setInstrumentationVersion(version).build();
  }

  /**
   * The current values of every metric in Prometheus text format 0.0.4. Cheap (no I/O): it
   * reads the SDK's in-memory aggregations and the JVM's MXBeans, so it may run on an event loop.
   */
  public String scrape() {
    if (closed.get()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      // a ByteArrayOutputStream does not throw; keep the signature honest anyway
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Shuts the SDK down; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sdk.close();
    }
  }
}
