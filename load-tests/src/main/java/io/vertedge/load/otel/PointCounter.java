package io.vertedge.load.otel;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/** An OTLP/HTTP metrics receiver that decodes each export and counts its gauge data points. */
final class PointCounter {

  private final HttpServer server;
  private final AtomicLong total = new AtomicLong();
  // (nanoTime, total) samples for a recent rate
  private final ConcurrentLinkedDeque<long[]> samples = new ConcurrentLinkedDeque<>();

  private PointCounter(HttpServer server) {
    this.server = server;
  }

  static Future<PointCounter> start(Vertx vertx) {
    PointCounter[] self = new PointCounter[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      try {
        ExportMetricsServiceRequest export = ExportMetricsServiceRequest.parseFrom(body.getBytes());
        long points = export.getResourceMetricsList().stream()
            .flatMap(r -> r.getScopeMetricsList().stream())
            .flatMap(s -> s.getMetricsList().stream())
            .mapToLong(m -> m.getGauge().getDataPointsCount())
            .sum();
        self[0].add(points);
        request.response().putHeader("content-type", "application/x-protobuf")
            .end(Buffer.buffer(ExportMetricsServiceResponse.getDefaultInstance().toByteArray()));
      } catch (InvalidProtocolBufferException e) {
        request.response().setStatusCode(400).end(e.toString());
      }
    }));
    self[0] = new PointCounter(server);
    return server.listen(0, "127.0.0.1").map(s -> self[0]);
  }

  private void add(long points) {
    long now = total.addAndGet(points);
    samples.addLast(new long[] {System.nanoTime(), now});
    while (samples.size() > 10_000) {
      samples.pollFirst();
    }
  }

  int port() {
    return server.actualPort();
  }

  long total() {
    return total.get();
  }

  /** Points per second over the last {@code span}. */
  double perSecond(Duration span) {
    long since = System.nanoTime() - span.toNanos();
    long[] first = samples.stream().filter(s -> s[0] >= since).findFirst().orElse(null);
    long[] last = samples.peekLast();
    if (first == null || last == null || last[0] == first[0]) {
      return 0;
    }
    return (last[1] - first[1]) * 1e9 / (last[0] - first[0]);
  }

  void stop() {
    server.close().await();
  }
}
