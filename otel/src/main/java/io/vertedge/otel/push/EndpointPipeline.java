package io.vertedge.otel.push;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.vertedge.otel.otlp.OtlpEndpoint;
import io.vertedge.otel.otlp.OtlpExporters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One SDK pipeline per distinct endpoint (MeterProvider, OTLP exporter, {@link ExportLoop}),
 * shared by every device that pushes there; it closes with its last target. The resource says
 * who sends: {@code service.name=vertedge-edge}, {@code service.version}, {@code vertedge.node.name}.
 */
final class EndpointPipeline {

  /** Meter name, after KubeEdge's {@code github.com/kubeedge/Template/data/dbmethod/otel}. */
  static final String SCOPE = "io.vertedge.mappers.push.otel";

  /** The SDK caps series per instrument (default 2,000); a property may live on more devices than that. */
  private static final int MAX_SERIES_PER_PROPERTY = 100_000;

  private final SdkMeterProvider provider;
  private final Meter meter;
  private final ExportLoop loop;
  private final Map<String, PropertyGauge> gauges = new HashMap<>();
  private int targets;

  private EndpointPipeline(SdkMeterProvider provider, ExportLoop loop) {
    this.provider = provider;
    this.meter = provider.get(SCOPE);
    this.loop = loop;
  }

  /** Builds the pipeline; the exporter starts on a worker (it starts HTTP client threads). */
  static EndpointPipeline open(Vertx vertx, OtlpEndpoint endpoint, Setup setup) {
    ExportLoop loop = new ExportLoop(vertx, endpoint.url(), setup.node(), setup.instruments().forEndpoint(endpoint.url()));
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "vertedge-edge",
        AttributeKey.stringKey("service.version"), setup.version(),
        AttributeKey.stringKey("vertedge.node.name"), setup.node())));
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(resource)
        .registerMetricReader(loop, type -> MAX_SERIES_PER_PROPERTY)
        .build();
    vertx.executeBlocking(() -> OtlpExporters.metrics(vertx, endpoint, setup.trustedCertificatesPem()), false)
        .onSuccess(exporter -> loop.start(exporter, setup.interval()));
    return new EndpointPipeline(provider, loop);
  }

  /** What every pipeline of one push method shares. */
  record Setup(String node, String version, Duration interval, ExportStats.Instruments instruments,
               byte[] trustedCertificatesPem) {
  }

  synchronized void retain() {
    targets++;
  }

  /** The gauge for {@code property}, counted for one more target. */
  synchronized PropertyGauge gauge(String property) {
    PropertyGauge gauge = gauges.computeIfAbsent(property, name -> new PropertyGauge(meter, name));
    gauge.retain();
    return gauge;
  }

  /** A target leaves; true when it was the last and the pipeline must be closed. */
  synchronized boolean release(String property, PropertyGauge gauge, Attributes series) {
    if (gauge != null && gauge.release(series)) {
      gauges.remove(property);
    }
    return --targets == 0;
  }

  CompletableFuture<Void> nextExport() {
    return loop.nextExport();
  }

  /** Series waiting for export, over all gauges (a test's view of the bounded memory). */
  synchronized int pending() {
    return gauges.values().stream().mapToInt(PropertyGauge::pending).sum();
  }

  Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(() -> provider.shutdown().join(10, TimeUnit.SECONDS), false)
        .mapEmpty();
  }
}
