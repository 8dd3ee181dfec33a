package io.vertedge.runtime;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertedge.otel.TraceSettings;
import io.vertedge.otel.otlp.OtlpEndpoint;
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
 * Each push of a built-in mapper is a span: an edge with traces on exports them to an OTLP/HTTP
 * receiver here (decoded with the official opentelemetry-proto messages) while a virtual device
 * pushes one property to an HTTP receiver that takes it and another to one that answers 500.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushSpansTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: room-model, namespace: default}
      spec:
        protocol: virtual
        properties:
          - {name: temperature, type: FLOAT, accessMode: ReadOnly}
          - {name: humidity, type: INT, accessMode: ReadOnly}
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
            reportCycle: 500
            visitors: {protocolName: virtual, configData: {signal: constant, value: "21.5"}}
            pushMethod: {http: {hostName: "http://127.0.0.1", port: HTTP_PORT, requestPath: /ok, timeout: 2000}}
          - name: humidity
            collectCycle: 200
            reportCycle: 500
            visitors: {protocolName: virtual, configData: {signal: constant, value: "40"}}
            pushMethod: {http: {hostName: "http://127.0.0.1", port: HTTP_PORT, requestPath: /broken, timeout: 2000}}
      """;

  /** One received span: name, kind, status, its attributes and its service. */
  private record ReceivedSpan(String name, Span.SpanKind kind, Status.StatusCode status, Map<String, String> attributes,
                              String service) { }

  @TempDir Path dir;
  private final Vertx receiverVertx = Vertx.vertx();
  private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> pushed = new ConcurrentLinkedQueue<>();
  private HttpServer traceReceiver;
  private HttpServer pushReceiver;
  private HubFixture hub;

  @BeforeEach
  void start() {
    traceReceiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      try {
        record(ExportTraceServiceRequest.parseFrom(body.getBytes()));
        request.response().putHeader("content-type", "application/x-protobuf")
            .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (Exception e) {
        request.response().setStatusCode(400).end(e.toString());
      }
    })).listen(0, "127.0.0.1").await();
    pushReceiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      pushed.add(request.path() + " " + body);
      request.response().setStatusCode(request.path().equals("/ok") ? 200 : 500).end();
    })).listen(0, "127.0.0.1").await();
    String endpoint = "http://127.0.0.1:" + traceReceiver.actualPort() + "/v1/traces";
    hub = new HubFixture(dir, new TraceSettings(OtlpEndpoint.parse("telemetry.traces.endpoint", endpoint), 1.0));
  }

  @AfterEach
  void stop() {
    hub.close();
    receiverVertx.close().await();
  }

  @Test
  void eachPushIsAClientSpanWithItsOutcome() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    try {
      CloudApi cloud = new CloudApi(hub);
      CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels?fieldValidation=Strict",
          "application/yaml", MODEL_YAML));
      CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices?fieldValidation=Strict",
          "application/yaml", DEVICE_YAML.replace("HTTP_PORT", String.valueOf(pushReceiver.actualPort()))));

      Poll.until(WAIT, "a push span for each property", () -> pushSpan("temperature") != null && pushSpan("humidity") != null);
      assertTrue(pushed.stream().anyMatch(body -> body.startsWith("/ok temperature=21.5&time=")), "pushed: " + pushed);

      ReceivedSpan ok = pushSpan("temperature");
      assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, ok.kind());
      assertEquals(Map.of("device.id", "default/room-1", "device.property", "temperature", "push.method", "http",
          "push.outcome", "ok"), ok.attributes());
      assertEquals(Status.StatusCode.STATUS_CODE_UNSET, ok.status());
      assertEquals("vertedge-edge", ok.service());

      ReceivedSpan failed = pushSpan("humidity");
      assertEquals(Map.of("device.id", "default/room-1", "device.property", "humidity", "push.method", "http",
          "push.outcome", "failed"), failed.attributes());
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, failed.status(), "a push the receiver refused is an error");
    } finally {
      edge.stop().await();
    }
  }

  private ReceivedSpan pushSpan(String property) {
    List<ReceivedSpan> found = spans.stream()
        .filter(span -> span.name().equals("push http") && property.equals(span.attributes().get("device.property"))).toList();
    return found.isEmpty() ? null : found.get(0);
  }

  private void record(ExportTraceServiceRequest export) {
    for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
      Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(span.getName(), span.getKind(),
            span.getStatus().getCode(), attributes(span.getAttributesList()), resource.get("service.name"))));
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> map = new TreeMap<>();
    list.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
    return map;
  }
}
