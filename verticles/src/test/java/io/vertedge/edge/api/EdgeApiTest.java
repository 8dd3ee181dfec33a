package io.vertedge.edge.api;

import io.vertedge.api.PortInUseException;
import io.vertedge.api.Readiness;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EdgeApiTest {

  private final Telemetry telemetry = Telemetry.create("vertedge-edge", "0.1.0", Map.of("vertedge.node.name", "edge-1"));
  private final Readiness readiness = new Readiness();
  private final AtomicReference<EdgeNodeState> state =
      new AtomicReference<>(new EdgeNodeState("edge-1", "cloud.example:10002", false, null, 7));
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx) {
    EdgeApi api = new EdgeApi(new EdgeApi.Setup("127.0.0.1", 0, state::get, telemetry, readiness));
    vertx.deployVerticle(api).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(api.actualPort()));
  }

  @AfterEach
  void closeTelemetry() {
    telemetry.close();
  }

  @Test
  void nodeShowsTheEdgeAsItIsNow() {
    HttpResponse<Buffer> offline = client.get("/api/v1/node").send().await();
    state.set(new EdgeNodeState("edge-1", "cloud.example:10002", true, "quic", 0));
    HttpResponse<Buffer> online = client.get("/api/v1/node").send().await();

    assertEquals(200, offline.statusCode());
    assertEquals("application/json", offline.getHeader("content-type"));
    assertEquals(new JsonObject("{\"name\":\"edge-1\",\"cloud\":\"cloud.example:10002\",\"connected\":false,"
        + "\"transport\":null,\"outboxDepth\":7}"), offline.bodyAsJsonObject());
    assertEquals(new JsonObject("{\"name\":\"edge-1\",\"cloud\":\"cloud.example:10002\",\"connected\":true,"
        + "\"transport\":\"quic\",\"outboxDepth\":0}"), online.bodyAsJsonObject());
  }

  @Test
  void probesAnswerLikeTheCloud() {
    Readiness.Check store = readiness.register("store");

    HttpResponse<Buffer> health = client.get("/healthz").send().await();
    HttpResponse<Buffer> notReady = client.get("/readyz").send().await();
    store.up();
    HttpResponse<Buffer> ready = client.get("/readyz").send().await();

    assertEquals(200, health.statusCode());
    assertEquals(new JsonObject().put("status", "UP"), health.bodyAsJsonObject());
    assertEquals(503, notReady.statusCode());
    assertEquals(new JsonObject("{\"status\":\"DOWN\",\"checks\":{\"store\":\"DOWN\"}}"), notReady.bodyAsJsonObject());
    assertEquals(200, ready.statusCode());
    assertEquals(new JsonObject().put("status", "UP"), ready.bodyAsJsonObject());
  }

  @Test
  void metricsIncludeJvmMemoryAndGc() {
    HttpResponse<Buffer> response = client.get("/metrics").send().await();

    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.getHeader("content-type"));
    assertTrue(response.bodyAsString().contains("jvm_memory_used_bytes{"), response.bodyAsString());
    assertTrue(response.bodyAsString().contains("jvm_gc_duration_seconds_total{"), response.bodyAsString());
  }

  @Test
  void unknownRouteIsNotFoundStatus() {
    HttpResponse<Buffer> response = client.get("/api/v1/nodes").send().await();

    assertEquals(404, response.statusCode());
    assertEquals(new JsonObject("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"code\":404,\"reason\":\"NotFound\",\"message\":\"the server could not find the requested resource\"}"),
        response.bodyAsJsonObject());
  }

  @Test
  void portInUseFailsTheStartNamingTheKey(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      EdgeApi second = new EdgeApi(new EdgeApi.Setup("127.0.0.1", port, state::get, telemetry, readiness));

      Throwable failure = assertThrows(Throwable.class, () -> vertx.deployVerticle(second).await());

      assertInstanceOf(PortInUseException.class, failure);
      assertEquals("edge.api.port: " + port + " is in use (another mapper?); set api.port", failure.getMessage());
    }
  }
}
