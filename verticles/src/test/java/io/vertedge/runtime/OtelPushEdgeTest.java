package io.vertedge.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code otel} push method in a running edge: a virtual device created through the cloud's
 * device API (Strict) exports its numeric and boolean properties as OTLP gauges to a local
 * OTLP/HTTP receiver, decoded here with the official opentelemetry-proto messages; its string
 * property is not exported.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OtelPushEdgeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: room-model, namespace: default}
      spec:
        protocol: virtual
        properties:
          - {name: temperature, type: FLOAT, accessMode: ReadOnly, unit: Cel}
          - {name: heating, type: BOOLEAN, accessMode: ReadWrite}
          - {name: label, type: STRING, accessMode: ReadOnly}
      """;
  private static final String DEVICE_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: Device
      metadata: {name: room-1, namespace: default}
      spec:
        deviceModelRef: {name: room-model}
        nodeName: edge-1
        protocol: {protocolName: virtual}
        properties:
          - name: temperature
            collectCycle: 200
            reportCycle: 1000
            visitors: {protocolName: virtual, configData: {signal: constant, value: "21.5"}}
            pushMethod: {otel: {endpointURL: "ENDPOINT"}}
          - name: heating
            collectCycle: 200
            reportCycle: 1000
            visitors: {protocolName: virtual, configData: {signal: constant, value: "true"}}
            pushMethod: {otel: {endpointURL: "ENDPOINT"}}
          - name: label
            collectCycle: 200
            reportCycle: 1000
            visitors: {protocolName: virtual, configData: {signal: constant, value: "kitchen"}}
            pushMethod: {otel: {endpointURL: "ENDPOINT"}}
      """;

  /** One exported data point: metric name, point attributes, value, resource attributes. */
  private record Point(String metric, Map<String, String> attributes, double value, Map<String, String> resource) { }

  @TempDir Path dir;
  private final Vertx receiverVertx = Vertx.vertx();
  private final ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> undecodable = new ConcurrentLinkedQueue<>();
  private HubFixture hub;
  private HttpServer receiver;

  @BeforeEach
  void start() {
    receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      try {
        record(ExportMetricsServiceRequest.parseFrom(body.getBytes()));
      } catch (InvalidProtocolBufferException e) {
        undecodable.add(request.uri() + ": " + e.getMessage());
      }
      request.response().putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportMetricsServiceResponse.getDefaultInstance().toByteArray()));
    })).listen(0, "127.0.0.1").await();
    hub = new HubFixture(dir);
  }

  @AfterEach
  void stop() {
    hub.close();
    receiverVertx.close().await();
  }

  @Test
  void numericAndBooleanPropertiesArriveAsGaugesWithTheDeviceAttributes() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    try {
      CloudApi cloud = new CloudApi(hub);
      CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels?fieldValidation=Strict",
          "application/yaml", MODEL_YAML));
      String endpoint = "http://127.0.0.1:" + receiver.actualPort() + "/v1/metrics";
      CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices?fieldValidation=Strict",
          "application/yaml", DEVICE_YAML.replace("ENDPOINT", endpoint)));

      Poll.until(WAIT, "temperature and heating exported", () -> has("temperature") && has("heating"));

      Point temperature = latest("temperature");
      assertEquals(21.5, temperature.value());
      assertEquals(Map.of("device.id", "default/room-1", "device.namespace", "default", "device.name", "room-1",
          "node", "edge-1", "device.model", "room-model", "unit", "Cel"), temperature.attributes());
      assertEquals("vertedge-edge", temperature.resource().get("service.name"));
      assertEquals("edge-1", temperature.resource().get("vertedge.node.name"));
      Point heating = latest("heating");
      assertEquals(1.0, heating.value(), "a boolean true is 1");
      assertEquals("default/room-1", heating.attributes().get("device.id"));
      assertTrue(points.stream().noneMatch(p -> p.metric().equals("label")), "strings are not metrics");
      assertTrue(undecodable.isEmpty(), "every request decodes: " + undecodable);
    } finally {
      edge.stop().await();
    }
  }

  private boolean has(String metric) {
    return points.stream().anyMatch(p -> p.metric().equals(metric));
  }

  private Point latest(String metric) {
    List<Point> all = points.stream().filter(p -> p.metric().equals(metric)).toList();
    return all.get(all.size() - 1);
  }

  private void record(ExportMetricsServiceRequest export) {
    for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
      Map<String, String> resource = attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
            double value = point.hasAsDouble() ? point.getAsDouble() : point.getAsInt();
            points.add(new Point(metric.getName(), attributes(point.getAttributesList()), value, resource));
          }
        }
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> map = new TreeMap<>();
    list.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
    return map;
  }
}
