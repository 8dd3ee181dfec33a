package io.vertedge.runtime;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.otel.TraceSettings;
import io.vertedge.otel.otlp.OtlpEndpoint;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A desired value set on the cloud API and announced as an MQTT delta on the edge is one trace:
 * a cloud and an edge export their spans over OTLP/HTTP to a receiver here that decodes them with
 * the official opentelemetry-proto messages, and the spans of both share one trace id.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceAcrossLinkTest {

  private static final String DEVICE = "$hw/events/device/default/thermometer-1/";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One received span: its trace, name and the service that sent it. */
  private record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String service) { }

  @TempDir Path dir;
  private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
  private HubFixture hub;
  private final Vertx receiverVertx = Vertx.vertx();
  private HttpServer receiver;
  private EdgeRuntime edge;

  @BeforeEach
  void start() {
    receiver = receiverVertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> {
          try {
            record(ExportTraceServiceRequest.parseFrom(body.getBytes()));
            request.response().putHeader("content-type", "application/x-protobuf")
                .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
          } catch (Exception e) {
            request.response().setStatusCode(400).end(e.toString());
          }
        }))
        .listen(0, "127.0.0.1").await();
    String endpoint = "http://127.0.0.1:" + receiver.actualPort() + "/v1/traces";
    hub = new HubFixture(dir, new TraceSettings(OtlpEndpoint.parse("telemetry.traces.endpoint", endpoint), 1.0));
    edge = hub.startEdge("edge-1");
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.stop().await();
    }
    hub.close();
    receiverVertx.close().await();
  }

  @Test
  void aDesiredValueFromTheCloudApiToTheMqttDeltaIsOneTrace() throws Exception {
    CloudApi api = new CloudApi(hub);
    api.createThermometer();
    int mqttPort = URI.create(edge.endpoints().getString("mqtt")).getPort();
    Poll.until(WAIT, "edge-1 holds the device", () -> CloudApi.state(edge).containsKey("device/default/thermometer-1"));
    // the thermometer is a modbus device: a mapper of that protocol is called when it changes
    Path socket = dir.resolve("mapper.sock");
    DmiMapper mapper = new DmiMapper(hub.vertx, edge.endpoints().getString("dmi"));
    mapper.serve(socket);
    mapper.register(MapperRegisterRequest.newBuilder().setWithData(true)
        .setMapper(DmiMapper.info("modbus-mapper", "modbus", socket.toString())).build()).ok();

    try (MosquittoSub delta = MosquittoSub.subscribe(mqttPort, DEVICE + "twin/update/delta", 1)) {
      CloudApi.expect(200, api.setDesired("setpoint", "{\"value\":\"24\"}"));
      assertEquals("24", new JsonObject(delta.messages().get(0)).getJsonObject("delta").getString("setpoint"));
    }

    Poll.until(WAIT, "the cloud's request span", () -> named("PUT /twins/{property}/desired").size() == 1);
    String traceId = named("PUT /twins/{property}/desired").get(0).traceId();
    // cloud and edge export on their own schedules: wait for both spans
    Poll.until(WAIT, "the edge's delta span in the same trace",
        () -> named("publish twin delta").stream().anyMatch(span -> span.traceId().equals(traceId)));
    Poll.until(WAIT, "the cloud's send span in the same trace",
        () -> named("send device to node").stream().anyMatch(span -> span.traceId().equals(traceId)));
    List<ReceivedSpan> trace = spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    Set<String> services = trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    assertEquals(Set.of("vertedge-cloud", "vertedge-edge"), services, trace.toString());
    ReceivedSpan send = trace.stream().filter(span -> span.name().equals("send device to node")).findFirst().orElseThrow();
    ReceivedSpan publish = trace.stream().filter(span -> span.name().equals("publish twin delta")).findFirst().orElseThrow();
    assertEquals(send.spanId(), publish.parentSpanId(), "the edge's span is the child of the cloud's send: " + trace);
    assertEquals("vertedge-cloud", send.service());
    assertEquals("vertedge-edge", publish.service());

    Poll.until(WAIT, "the edge's call to the mapper in the same trace",
        () -> named("DMI UpdateDevice").stream().anyMatch(span -> span.traceId().equals(traceId)));
    ReceivedSpan update = named("DMI UpdateDevice").stream().filter(span -> span.traceId().equals(traceId))
        .findFirst().orElseThrow();
    assertEquals(send.spanId(), update.parentSpanId());
    assertEquals("vertedge-edge", update.service());
    assertTrue(named("DMI MapperRegister").stream().anyMatch(span -> span.service().equals("vertedge-edge")),
        "the mapper's own calls have spans too: " + spans);
    mapper.close();
  }

  private List<ReceivedSpan> named(String name) {
    return spans.stream().filter(span -> span.name().equals(name)).toList();
  }

  private void record(ExportTraceServiceRequest export) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
      Map<String, String> resource = resourceSpans.getResource().getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()),
            hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
            span.getName(), resource.get("service.name"))));
      }
    }
  }
}
