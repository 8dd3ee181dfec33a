package io.vertedge.otel.otlp;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the SDK's OTLP exporters for an {@link OtlpEndpoint}: OTLP/HTTP through the JDK
 * HttpClient sender (found by the SDK on the class path), OTLP/gRPC through
 * {@link VertxGrpcSender} (handed to the SDK with a component loader, so no OkHttp is needed).
 *
 * <p>Building one starts HTTP client threads: call it off the event loop.
 */
public final class OtlpExporters {

  /**
   * Bounded retry: 3 attempts, 0.5 s then 1 s backoff (with jitter), on refused or reset
   * connections as well as on the retryable answers (429, 502-504, gRPC UNAVAILABLE...). An
   * export gives up after a few seconds, well before a backend outage could pile exports up.
   */
  public static final RetryPolicy RETRY = RetryPolicy.builder()
      .setMaxAttempts(3)
      .setInitialBackoff(Duration.ofMillis(500))
      .setMaxBackoff(Duration.ofSeconds(1))
      .setBackoffMultiplier(2)
      .setRetryExceptionPredicate(e -> true)
      .build();

  /**
   * The SDK's exporters log every failed export with its stack trace (throttled, on
   * java.util.logging); our callers log an outage once when it starts and once when it ends.
   * Held here because java.util.logging keeps loggers only weakly.
   */
  private static final Logger SDK_EXPORT_LOG = Logger.getLogger("io.opentelemetry.exporter.otlp.internal");

  static {
    SDK_EXPORT_LOG.setLevel(Level.OFF);
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private OtlpExporters() {
  }

  /**
   * A metric exporter for {@code endpoint}. {@code trustedCertificatesPem} (may be null) are CA
   * certificates trusted for {@code https} instead of the JVM's trust store.
   */
  public static MetricExporter metrics(Vertx vertx, OtlpEndpoint endpoint, byte[] trustedCertificatesPem) {
    if (endpoint.protocol() == OtlpEndpoint.Protocol.GRPC) {
      var builder = OtlpGrpcMetricExporter.builder()
          .setEndpoint(endpoint.url())
          .setTimeout(TIMEOUT)
          .setConnectTimeout(CONNECT_TIMEOUT)
          .setRetryPolicy(RETRY)
          .setComponentLoader(grpcOverVertx(vertx));
      if (trustedCertificatesPem != null) {
        builder.setTrustedCertificates(trustedCertificatesPem);
      }
      return builder.build();
    }
    var builder = OtlpHttpMetricExporter.builder()
        .setEndpoint(endpoint.url())
        .setTimeout(TIMEOUT)
        .setConnectTimeout(CONNECT_TIMEOUT)
        .setRetryPolicy(RETRY);
    if (trustedCertificatesPem != null) {
      builder.setTrustedCertificates(trustedCertificatesPem);
    }
    return builder.build();
  }

  /**
   * A span exporter for {@code endpoint}; {@code https} is checked against the JVM's trust store.
   * An outage is logged once when it starts and once when it ends.
   */
  public static SpanExporter spans(Vertx vertx, OtlpEndpoint endpoint) {
    SpanExporter exporter;
    if (endpoint.protocol() == OtlpEndpoint.Protocol.GRPC) {
      exporter = OtlpGrpcSpanExporter.builder()
          .setEndpoint(endpoint.url())
          .setTimeout(TIMEOUT)
          .setConnectTimeout(CONNECT_TIMEOUT)
          .setRetryPolicy(RETRY)
          .setComponentLoader(grpcOverVertx(vertx))
          .build();
    } else {
      exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint.url())
          .setTimeout(TIMEOUT)
          .setConnectTimeout(CONNECT_TIMEOUT)
          .setRetryPolicy(RETRY)
          .build();
    }
    return new OutageLoggingSpanExporter(exporter, endpoint);
  }

  /** Offers the SDK our gRPC sender and, for every other service, what the class path has. */
  private static ComponentLoader grpcOverVertx(Vertx vertx) {
    ComponentLoader classPath = ComponentLoader.forClassLoader(OtlpExporters.class.getClassLoader());
    GrpcSenderProvider provider = config -> new VertxGrpcSender(vertx, config);
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == GrpcSenderProvider.class ? (Iterable<T>) List.of(provider) : classPath.load(type);
      }
    };
  }
}
