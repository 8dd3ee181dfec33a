package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cloud caller reaches an HTTP app on the edge's loopback through the link, for allowed ports only. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServiceBusTest {

  @TempDir Path dir;
  private HubFixture hub;
  private HttpServer app;
  private EdgeRuntime edge;
  private final HttpClient http = HttpClient.newHttpClient();
  private int unusedPort;

  @BeforeEach
  void start() throws Exception {
    hub = new HubFixture(dir);
    app = hub.vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/slow")) {
        return; // never answers
      }
      if (request.path().equals("/big")) {
        request.response().end("x".repeat(2 << 20));
        return;
      }
      request.body().onSuccess(body -> request.response().setStatusCode(201)
          .putHeader("X-App", "thermo")
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("method", request.method().name()).put("uri", request.uri())
              .put("body", body.toString()).put("caller", request.getHeader("X-Caller")).encode()));
    }).listen(0, "127.0.0.1").await();
    try (ServerSocket socket = new ServerSocket(0)) {
      unusedPort = socket.getLocalPort();
    }
    edge = hub.startEdge("edge-1", List.of("serviceBus.allowedPorts=" + app.actualPort() + "," + unusedPort,
        "serviceBus.timeout=1s", "serviceBus.maxBodySize=1MiB"));
    Poll.until(Duration.ofSeconds(20), "edge-1 linked", () -> edge.link().isPresent());
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    app.close().await();
    hub.close();
  }

  @Test
  void methodPathQueryHeadersAndBodyGoThroughAndTheAppsAnswerComesBack() throws Exception {
    HttpResponse<String> response = call("POST", "edge-1", app.actualPort(), "/v1/readings?since=5", "{\"t\":21.5}");
    assertEquals(201, response.statusCode(), response.body());
    assertEquals("thermo", response.headers().firstValue("X-App").orElse(null));
    JsonObject seen = new JsonObject(response.body());
    assertEquals("POST", seen.getString("method"));
    assertEquals("/v1/readings?since=5", seen.getString("uri"));
    assertEquals("{\"t\":21.5}", seen.getString("body"));
    assertEquals("ops", seen.getString("caller"));
  }

  @Test
  void aPortTheEdgeDoesNotAllowIsRefusedWith403() throws Exception {
    HttpResponse<String> response = call("GET", "edge-1", 22, "/", null);
    assertStatus(response, 403, "port 22 is not in serviceBus.allowedPorts of node edge-1 (allowed: ");
  }

  @Test
  void anAllowedPortWithoutAppIs502AndAnAppThatDoesNotAnswerIs504() throws Exception {
    assertStatus(call("GET", "edge-1", unusedPort, "/", null), 502,
        "cannot reach the app on 127.0.0.1:" + unusedPort + " of node edge-1: ");
    assertStatus(call("GET", "edge-1", app.actualPort(), "/slow", null), 504,
        "the app on 127.0.0.1:" + app.actualPort() + " of node edge-1 did not answer within 1000 ms");
    assertStatus(call("GET", "edge-1", app.actualPort(), "/big", null), 502,
        "the app on 127.0.0.1:" + app.actualPort() + " of node edge-1 answered with a body larger than 1048576 bytes "
            + "(serviceBus.maxBodySize)");
    // and the link carries on
    assertEquals(201, call("GET", "edge-1", app.actualPort(), "/after", null).statusCode());
  }

  @Test
  void anUnknownNodeIs404AndANodeAwayIs503() throws Exception {
    assertStatus(call("GET", "edge-9", app.actualPort(), "/", null), 404, "nodes \"edge-9\" not found");
    edge.stop().await();
    Poll.until(Duration.ofSeconds(10), "the cloud saw edge-1 go",
        () -> call("GET", "edge-1", app.actualPort(), "/", null).statusCode() == 503);
    assertStatus(call("GET", "edge-1", app.actualPort(), "/", null), 503, "node edge-1 is not connected");
    edge = hub.startEdge("edge-1", List.of());
  }

  private HttpResponse<String> call(String method, String node, int port, String path, String body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.cloud.apiUrl() + "/api/v1/nodes/" + node
              + "/services/" + port + path))
          .header("X-Caller", "ops")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertStatus(HttpResponse<String> response, int code, String messageStart) {
    assertEquals(code, response.statusCode(), response.body());
    JsonObject status = new JsonObject(response.body());
    assertEquals("Status", status.getString("kind"));
    assertEquals(code, status.getInteger("code"));
    assertTrue(status.getString("message").startsWith(messageStart), status.getString("message"));
  }
}
