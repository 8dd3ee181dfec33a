package io.vertedge.cloud.api;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.vertedge.api.PortInUseException;
import io.vertedge.api.Readiness;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdminApiTest {

  private static final NodeStatus EDGE_1 = new NodeStatus("edge-1", true, "quic", "127.0.0.1:53422",
      Instant.parse("2026-11-25T10:00:00.123Z"), Instant.parse("2026-11-25T10:05:00Z"),
      120, 98, 40960, 30210, "0.1.0");
  private static final NodeStatus EDGE_2 = new NodeStatus("edge-2", false, null, null,
      null, null, 0, 0, 0, 0, null);
  private static final NodeStatus EDGE_3 = new NodeStatus("edge-3", true, "websocket", "127.0.0.1:53500",
      Instant.parse("2026-11-25T10:00:00Z"), null, 1, 1, 10, 10, "0.1.0");

  private final Telemetry telemetry = Telemetry.create("vertedge-cloud", "0.1.0", Map.of());
  private final Readiness readiness = new Readiness();
  private final InMemoryNodeDirectory nodes = new InMemoryNodeDirectory()
      .add(EDGE_1).add(EDGE_2).add(EDGE_3).silent("edge-3");
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx) {
    AdminApi api = new AdminApi(new AdminApi.Setup("127.0.0.1", 0, nodes, telemetry, readiness));
    vertx.deployVerticle(api).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(api.actualPort()));
  }

  @AfterEach
  void closeTelemetry() {
    telemetry.close();
  }

  @Test
  void healthzIsUpWhileServing() {
    HttpResponse<Buffer> response = client.get("/healthz").send().await();

    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject().put("status", "UP"), response.bodyAsJsonObject());
  }

  @Test
  void readyzFlipsFrom503To200WhenEveryCheckIsUp() {
    Readiness.Check store = readiness.register("store");
    Readiness.Check links = readiness.register("link-server");
    store.up();

    HttpResponse<Buffer> down = client.get("/readyz").send().await();
    links.up();
    HttpResponse<Buffer> up = client.get("/readyz").send().await();

    assertEquals(503, down.statusCode());
    assertEquals(new JsonObject("{\"status\":\"DOWN\",\"checks\":{\"store\":\"UP\",\"link-server\":\"DOWN\"}}"),
        down.bodyAsJsonObject());
    assertEquals(200, up.statusCode());
    assertEquals(new JsonObject().put("status", "UP"), up.bodyAsJsonObject());
  }

  @Test
  void metricsServeJvmAndOwnMetricsAsPrometheusText() {
    telemetry.meter("io.vertedge.test").counterBuilder("vertedge.link.messages")
        .setUnit("{message}").build()
        .add(3, Attributes.of(AttributeKey.stringKey("direction"), "out", AttributeKey.stringKey("channel"), "twin"));

    HttpResponse<Buffer> response = client.get("/metrics").send().await();

    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.getHeader("content-type"));
    String text = response.bodyAsString();
    assertTrue(text.contains("vertedge_link_messages_total{channel=\"twin\",direction=\"out\"} 3.0"), text);
    assertTrue(text.contains("jvm_memory_used_bytes{"), text);
    assertTrue(text.contains("jvm_gc_collections_total{"), text);
  }

  @Test
  void listShowsEveryNodeInTheApiShape() {
    HttpResponse<Buffer> response = client.get("/api/v1/nodes").send().await();

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.getHeader("content-type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(1, body.size());
    assertEquals(3, body.getJsonArray("items").size());
    assertEquals(edge1Json(), body.getJsonArray("items").getJsonObject(0));
  }

  @Test
  void getShowsOneNodeWithIsoUtcTimesAndNullsWhenAbsent() {
    JsonObject edge1 = client.get("/api/v1/nodes/edge-1").send().await().bodyAsJsonObject();
    JsonObject edge2 = client.get("/api/v1/nodes/edge-2").send().await().bodyAsJsonObject();

    assertEquals(edge1Json(), edge1);
    assertEquals(new JsonObject("{\"name\":\"edge-2\",\"connected\":false,\"transport\":null,\"remoteAddress\":null,"
        + "\"connectedSince\":null,\"lastHeartbeat\":null,\"messagesIn\":0,\"messagesOut\":0,\"bytesIn\":0,"
        + "\"bytesOut\":0,\"version\":null}"), edge2);
  }

  @Test
  void unknownNodeIsNotFoundStatusNamingIt() {
    HttpResponse<Buffer> response = client.get("/api/v1/nodes/edge-9").send().await();

    assertEquals(404, response.statusCode());
    assertEquals(notFound("edge-9"), response.bodyAsJsonObject());
  }

  @Test
  void deleteAnswers204ThenTheNodeIsGone() {
    HttpResponse<Buffer> deleted = client.delete("/api/v1/nodes/edge-1").send().await();
    HttpResponse<Buffer> again = client.delete("/api/v1/nodes/edge-1").send().await();

    assertEquals(204, deleted.statusCode());
    assertNull(deleted.body());
    assertEquals(404, again.statusCode());
    assertEquals(notFound("edge-1"), again.bodyAsJsonObject());
  }

  @Test
  void pingAConnectedNodeAnswersItsRoundTrip() {
    HttpResponse<Buffer> response = client.post("/api/v1/nodes/edge-1/ping").send().await();

    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject("{\"node\":\"edge-1\",\"transport\":\"quic\",\"rttMs\":0.41}"),
        response.bodyAsJsonObject());
  }

  @Test
  void pingFailuresAreStatusObjects() {
    HttpResponse<Buffer> unknown = client.post("/api/v1/nodes/edge-9/ping").send().await();
    HttpResponse<Buffer> offline = client.post("/api/v1/nodes/edge-2/ping").send().await();
    HttpResponse<Buffer> silent = client.post("/api/v1/nodes/edge-3/ping").send().await();

    assertEquals(404, unknown.statusCode());
    assertEquals(notFound("edge-9"), unknown.bodyAsJsonObject());
    assertEquals(503, offline.statusCode());
    assertEquals(status(503, "ServiceUnavailable", "node edge-2 is not connected"), offline.bodyAsJsonObject());
    assertEquals(504, silent.statusCode());
    assertEquals(status(504, "Timeout", "node edge-3 did not answer in 5s"), silent.bodyAsJsonObject());
  }

  @Test
  void unknownRouteAndWrongMethodAreStatusObjects() {
    HttpResponse<Buffer> unknown = client.get("/api/v1/widgets").send().await();
    HttpResponse<Buffer> wrongMethod = client.put("/api/v1/nodes/edge-1").send().await();

    assertEquals(404, unknown.statusCode());
    assertEquals(status(404, "NotFound", "the server could not find the requested resource"),
        unknown.bodyAsJsonObject());
    assertEquals(405, wrongMethod.statusCode());
    assertEquals(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
        wrongMethod.bodyAsJsonObject());
  }

  @Test
  void portInUseFailsTheStartNamingTheKey(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      AdminApi second = new AdminApi(new AdminApi.Setup("127.0.0.1", port, nodes, telemetry, readiness));

      Throwable failure = assertThrows(Throwable.class, () -> vertx.deployVerticle(second).await());

      assertInstanceOf(PortInUseException.class, failure);
      assertEquals("cloud.api.port: " + port + " is in use; set api.port", failure.getMessage());
    }
  }

  private static JsonObject edge1Json() {
    return new JsonObject("{\"name\":\"edge-1\",\"connected\":true,\"transport\":\"quic\","
        + "\"remoteAddress\":\"127.0.0.1:53422\",\"connectedSince\":\"2026-11-25T10:00:00Z\","
        + "\"lastHeartbeat\":\"2026-11-25T10:05:00Z\",\"messagesIn\":120,\"messagesOut\":98,"
        + "\"bytesIn\":40960,\"bytesOut\":30210,\"version\":\"0.1.0\"}");
  }

  private static JsonObject notFound(String name) {
    return status(404, "NotFound", "nodes \"" + name + "\" not found")
        .put("details", new JsonObject().put("name", name).put("kind", "nodes"));
  }

  private static JsonObject status(int code, String reason, String message) {
    return new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
        .put("status", "Failure").put("code", code).put("reason", reason).put("message", message);
  }
}
