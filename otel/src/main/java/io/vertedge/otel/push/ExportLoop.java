package io.vertedge.otel.push;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The periodic reader of one endpoint's pipeline: every interval it collects the gauges (on a
 * worker) and hands the points to the SDK's OTLP exporter. Unlike the SDK's
 * PeriodicMetricReader it tells each push which export carried its reading ({@link #nextExport}),
 * and it never queues: while an export is still retrying, ticks are skipped and the gauges keep
 * only the newest value per series, so an outage costs no memory. A failed export's points are
 * dropped and counted; an outage is logged once when it starts and once when it ends.
 */
final class ExportLoop implements MetricReader {

  private static final Logger LOG = LoggerFactory.getLogger(ExportLoop.class);

  private final Vertx vertx;
  private final String endpoint;
  private final String node;
  private final ExportStats stats;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean inOutage = new AtomicBoolean();
  private final AtomicLong droppedInOutage = new AtomicLong();
  private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private volatile MetricExporter exporter;
  private volatile long timer = -1;
  private volatile boolean closed;

  ExportLoop(Vertx vertx, String endpoint, String node, ExportStats stats) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.node = node;
    this.stats = stats;
  }

  /** Starts exporting every {@code interval} through {@code exporter}. */
  synchronized void start(MetricExporter exporter, Duration interval) {
    if (closed) {
      exporter.shutdown(); // the last target left while the exporter was being built
      return;
    }
    this.exporter = exporter;
    this.timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
  }

  /** Completes when the next export that collects from now on succeeds, fails when it fails. */
  CompletableFuture<Void> nextExport() {
    return next.get();
  }

  private void tick() {
    if (!busy.compareAndSet(false, true)) {
      return; // the previous export is still retrying; the gauges hold the newest values meanwhile
    }
    CompletableFuture<Void> round = next.getAndSet(new CompletableFuture<>());
    vertx.executeBlocking(() -> registration.collectAllMetrics(), false)
        .onComplete(collected -> {
          if (collected.failed()) {
            busy.set(false);
            round.completeExceptionally(collected.cause());
          } else {
            export(collected.result(), round);
          }
        });
  }

  private void export(Collection<MetricData> metrics, CompletableFuture<Void> round) {
    long points = metrics.stream().mapToLong(m -> m.getData().getPoints().size()).sum();
    if (points == 0) {
      busy.set(false);
      round.complete(null);
      return;
    }
    CompletableResultCode result = exporter.export(metrics);
    result.whenComplete(() -> {
      busy.set(false);
      if (result.isSuccess()) {
        stats.exported(points);
        recovered();
        round.complete(null);
      } else {
        Throwable cause = result.getFailureThrowable();
        stats.failed(points);
        failed(points, cause);
        round.completeExceptionally(new OtlpExportException(endpoint, cause));
      }
    });
  }

  private void failed(long points, Throwable cause) {
    droppedInOutage.addAndGet(points);
    if (inOutage.compareAndSet(false, true)) {
      LOG.warn("node {}: OTLP export to {} failed ({}); dropping device readings until it answers, retrying every cycle",
          node, endpoint, rootCause(cause));
    }
  }

  /** The SDK wraps the interesting part (ConnectException, an HTTP status) a few levels deep. */
  private static String rootCause(Throwable cause) {
    if (cause == null) {
      return "rejected";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private void recovered() {
    if (inOutage.compareAndSet(true, false)) {
      LOG.info("node {}: OTLP export to {} works again; {} data points were dropped during the outage",
          node, endpoint, droppedInOutage.getAndSet(0));
    }
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE; // gauges have none; nothing else is recorded here
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    closed = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    next.get().completeExceptionally(new OtlpExportException(endpoint, new IllegalStateException("pipeline closed")));
    MetricExporter current = exporter;
    return current == null ? CompletableResultCode.ofSuccess() : current.shutdown();
  }

  /** For logs. */
  @Override
  public String toString() {
    return "ExportLoop[" + endpoint + "]";
  }
}
