package io.vertedge.otel.testsupport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A local OTLP metrics receiver on one Vert.x HTTP server: OTLP/HTTP protobuf on
 * {@code /v1/metrics} and OTLP/gRPC ({@code MetricsService/Export}, HTTP/2 cleartext with prior
 * knowledge or TLS with ALPN). Requests are decoded with the official opentelemetry-proto
 * messages and kept in arrival order.
 */
public final class OtlpReceiver {

  public static final String GRPC_METRICS = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

  /** One decoded data point with its metric name, attributes and resource. */
  public record Point(String metric, Map<String, String> attributes, double value, long timeNanos,
                      Map<String, String> resource, String path) {
  }

  private final ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();
  private final Vertx vertx;
  private HttpServer server;

  public OtlpReceiver(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on {@code port} (0 = any) on 127.0.0.1 in cleartext. */
  public Future<Integer> start(int port, boolean tls) {
    return start(port, tls, null);
  }

  /** Listens on {@code port} (0 = any), with {@code certificate} when not null. */
  public Future<Integer> start(int port, boolean tls, SelfSignedCertificate certificate) {
    HttpServerOptions options = new HttpServerOptions().setPort(port).setHost(tls ? "localhost" : "127.0.0.1");
    if (tls) {
      options.setSsl(true).setUseAlpn(true).setKeyCertOptions(certificate.keyCertOptions());
    }
    return vertx.createHttpServer(options)
        .requestHandler(this::handle)
        .listen()
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public List<Point> points() {
    return new ArrayList<>(points);
  }

  /** Request paths received, in order. */
  public List<String> paths() {
    return new ArrayList<>(paths);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      paths.add(request.path());
      boolean grpc = request.path().equals(GRPC_METRICS);
      try {
        byte[] message = grpc ? body.getBytes(5, body.length()) : body.getBytes();
        record(ExportMetricsServiceRequest.parseFrom(message), request.path());
      } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
        request.response().setStatusCode(400).end(e.toString());
        return;
      }
      byte[] reply = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      if (grpc) {
        Buffer framed = Buffer.buffer().appendByte((byte) 0).appendInt(reply.length).appendBytes(reply);
        request.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0").end(framed);
      } else {
        request.response().putHeader("content-type", "application/x-protobuf").end(Buffer.buffer(reply));
      }
    });
  }

  private void record(ExportMetricsServiceRequest export, String path) {
    for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
      Map<String, String> resource = map(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
            points.add(new Point(metric.getName(), map(point.getAttributesList()), point.getAsDouble(),
                point.getTimeUnixNano(), resource, path));
          }
        }
      }
    }
  }

  private static Map<String, String> map(List<KeyValue> attributes) {
    Map<String, String> map = new TreeMap<>();
    for (KeyValue attribute : attributes) {
      AnyValue value = attribute.getValue();
      map.put(attribute.getKey(), value.hasStringValue() ? value.getStringValue() : value.toString().trim());
    }
    return map;
  }
}
