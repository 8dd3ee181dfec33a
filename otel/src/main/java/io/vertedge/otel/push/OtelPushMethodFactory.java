package io.vertedge.otel.push;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushMethodFactory;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code otel} push method (KUBEEDGE-COMPAT §7.2, done the way KubeEdge meant it): device
 * readings as OTLP gauges to {@code pushMethod.otel.endpointURL}. The hub's {@code meter} counts
 * what is exported and dropped, by endpoint.
 */
public final class OtelPushMethodFactory implements PushMethodFactory {

  /** The key under {@code pushMethod}. */
  public static final String NAME = "otel";

  /** KubeEdge's default {@code reportCycle}, and how often each endpoint exports. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final ExportStats.Instruments instruments;
  private final Duration interval;
  private final byte[] trustedCertificatesPem;

  /** Exports every {@link #DEFAULT_INTERVAL}; {@code https} endpoints are checked against the JVM's trust store. */
  public OtelPushMethodFactory(Meter meter) {
    this(meter, DEFAULT_INTERVAL, null);
  }

  /**
   * Exports every {@code interval}: each export carries the newest reading of every series pushed
   * since the last one. {@code trustedCertificatesPem} (null: the JVM's trust store) are the CA
   * certificates that {@code https} endpoints must chain to.
   */
  public OtelPushMethodFactory(Meter meter, Duration interval, byte[] trustedCertificatesPem) {
    this.instruments = new ExportStats.Instruments(Objects.requireNonNull(meter, "meter"));
    if (interval.isNegative() || interval.toMillis() < 1) {
      throw new IllegalArgumentException("export interval must be at least 1 ms, not " + interval);
    }
    this.interval = interval;
    this.trustedCertificatesPem = trustedCertificatesPem == null ? null : trustedCertificatesPem.clone();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PushMethod create(Vertx vertx, String node, String version) {
    return new OtelPushMethod(vertx, new EndpointPipeline.Setup(node, version == null ? "unknown" : version, interval, instruments,
        trustedCertificatesPem));
  }
}
