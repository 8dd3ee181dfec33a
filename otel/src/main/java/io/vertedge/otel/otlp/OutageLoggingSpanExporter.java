package io.vertedge.otel.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a span endpoint's outage once when exports start failing and once when they work again
 * (with the spans dropped meanwhile), since the SDK's own per-failure log is switched off.
 */
final class OutageLoggingSpanExporter implements SpanExporter {

  private static final Logger LOG = LoggerFactory.getLogger(OutageLoggingSpanExporter.class);

  private final SpanExporter delegate;
  private final OtlpEndpoint endpoint;
  private final AtomicBoolean inOutage = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();

  OutageLoggingSpanExporter(SpanExporter delegate, OtlpEndpoint endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        if (inOutage.compareAndSet(true, false)) {
          LOG.info("span export to {} works again; {} spans were dropped during the outage", endpoint, dropped.getAndSet(0));
        }
      } else {
        dropped.addAndGet(spans.size());
        if (inOutage.compareAndSet(false, true)) {
          LOG.warn("span export to {} failed ({}); dropping spans until it answers", endpoint,
              result.getFailureThrowable() == null ? "rejected" : result.getFailureThrowable().toString());
        }
      }
    });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
