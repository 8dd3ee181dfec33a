package io.vertedge.runtime;

import io.vertedge.runtime.CtlRunner.Result;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.vertedge.runtime.CtlRunner.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cloud's method route (API.md section 5) end to end: a call checked in the registry, carried
 * over the link to the device's edge, written by its built-in driver and answered with the edge's
 * result or refusal; a node away (503 at once, or waited for with {@code ?timeout}); and
 * {@code vertedge ctl call}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeviceMethodCallTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String METHODS = "/api/v1/namespaces/default/devices/%s/methods/%s";

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi cloud;
  private EdgeRuntime edge;
  private EdgeRuntime later;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    cloud = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels", "application/yaml",
        MethodDevices.MODEL_YAML));
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml",
        MethodDevices.device("valve-1", "edge-1")));
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml",
        MethodDevices.device("valve-2", "edge-2")));
    Poll.until(WAIT, "valve-1 run on edge-1",
        () -> cloud.edgeGet(edge, "/api/v1/device/default/valve-1/target").statusCode() == 200);
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    if (later != null) {
      later.stop().await();
    }
    hub.close();
  }

  @Test
  void aCallIsWrittenOnTheEdgeAndAnsweredWithWhatWasWritten() {
    HttpResponse<String> answer = call("valve-1", "setTarget", "", "{\"target\":\"23.5\",\"mode\":\"manual\"}");
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(new JsonObject().put("device", "default/valve-1").put("method", "setTarget")
        .put("written", new JsonObject().put("target", "23.5").put("mode", "manual")), new JsonObject(answer.body()));
    assertEquals("23.5", edgeValue("target"));
    assertEquals("manual", edgeValue("mode"));
  }

  @Test
  void unknownDeviceOrMethodAndBadBodiesAreRefusedByTheCloud() {
    assertStatus(call("valve-9", "setTarget", "", "{\"target\":\"1\"}"), 404, "NotFound", "devices.devices.kubeedge.io \"valve-9\" not found");
    assertStatus(call("valve-1", "open", "", "{\"target\":\"1\"}"), 404, "NotFound",
        "device default/valve-1 has no method open (its methods: [setTarget, everything])");
    assertStatus(call("valve-1", "setTarget", "", "[1]"), 400, "BadRequest", "the request body is not a JSON object");
    assertStatus(call("valve-1", "setTarget", "", "{}"), 400, "BadRequest", "the request body names no property");
    assertStatus(call("valve-1", "setTarget", "", "{\"target\":{}}"), 400, "BadRequest", "the value of target is not");
    assertStatus(call("valve-1", "setTarget", "?timeout=6m", "{\"target\":\"1\"}"), 400, "BadRequest", "timeout: 6m is longer");
    assertStatus(call("valve-1", "setTarget", "?timeout=soon", "{\"target\":\"1\"}"), 400, "BadRequest", "timeout: ");
  }

  @Test
  void theEdgesRefusalComesBackAsAStatusWithItsReasonAndNothingIsWritten() {
    assertStatus(call("valve-1", "everything", "", "{\"ticks\":\"5\"}"), 400, "BadRequest",
        "property ticks is ReadOnly in device model valve-model");
    assertStatus(call("valve-1", "setTarget", "", "{\"target\":\"warm\"}"), 400, "BadRequest",
        "value \"warm\" of property target must be a number");
    assertStatus(call("valve-1", "setTarget", "", "{\"spare\":\"5\"}"), 400, "BadRequest",
        "property spare is not one of the propertyNames [target, mode]");
    assertStatus(call("valve-1", "setTarget", "", "{\"pressure\":\"5\"}"), 404, "NotFound",
        "device model valve-model of device default/valve-1 has no property pressure");
    assertEquals("21.0", edgeValue("target"));
    assertEquals("1", edgeValue("spare"));
  }

  @Test
  void aNodeNotConnectedIs503AtOnceAnd504WhenItDoesNotConnectInTime() {
    assertStatus(call("valve-2", "setTarget", "", "{\"target\":\"5\"}"), 503, "ServiceUnavailable",
        "node edge-2 is not connected (add ?timeout=30s to wait for it to connect)");
    assertStatus(call("valve-2", "setTarget", "?timeout=1s", "{\"target\":\"5\"}"), 504, "Timeout",
        "node edge-2 did not connect within 1s");
  }

  @Test
  void aCallWithTimeoutWaitsForTheNodeToConnect() {
    CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request("valve-2", "setTarget", "?timeout=60s",
        "{\"target\":\"12.5\"}"), HttpResponse.BodyHandlers.ofString());
    assertTrue(!waiting.isDone(), "answered before edge-2 connected");
    later = hub.startEdge("edge-2");
    HttpResponse<String> answer = waiting.join();
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("12.5", new JsonObject(answer.body()).getJsonObject("written").getString("target"));
    assertEquals("12.5", new JsonObject(CloudApi.expect(200, cloud.edgeGet(later,
        "/api/v1/device/default/valve-2/target")).body()).getJsonObject("Data").getString("Value"));
  }

  @Test
  void ctlCallPrintsWhatWasWrittenAndTheServersMessageOnRefusal() {
    Result called = at(hub.cloud.apiUrl(), "call", "valve-1", "setTarget", "target=33.5", "mode=eco");
    assertEquals(0, called.code(), called.err());
    assertEquals("device default/valve-1 method setTarget wrote target=33.5 mode=eco", called.out().strip());
    assertEquals("33.5", edgeValue("target"));

    Result refused = at(hub.cloud.apiUrl(), "call", "valve-1", "setTarget", "target=500");
    assertEquals(1, refused.code());
    assertTrue(refused.err().startsWith("vertedge: target: Invalid value: \"500\": must be less than or equal to 100"),
        refused.err());

    Result away = at(hub.cloud.apiUrl(), "call", "valve-2", "setTarget", "target=1", "--timeout", "1s");
    assertEquals(1, away.code());
    assertEquals("vertedge: node edge-2 did not connect within 1s", away.err().strip());

    Result usage = at(hub.cloud.apiUrl(), "call", "valve-1", "setTarget", "target");
    assertEquals(2, usage.code());
    assertTrue(usage.err().contains("\"target\" is not PROP=VALUE"), usage.err());
    assertEquals(2, at(hub.cloud.apiUrl(), "call", "valve-1", "setTarget", "target=1", "--timeout", "later").code());
    assertEquals("33.5", edgeValue("target"));
  }

  private String edgeValue(String property) {
    return new JsonObject(CloudApi.expect(200, cloud.edgeGet(edge, "/api/v1/device/default/valve-1/" + property)).body())
        .getJsonObject("Data").getString("Value");
  }

  private HttpResponse<String> call(String device, String method, String query, String body) {
    try {
      return http.send(request(device, method, query, body), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String device, String method, String query, String body) {
    return HttpRequest.newBuilder(URI.create(hub.cloud.apiUrl() + METHODS.formatted(device, method) + query))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static void assertStatus(HttpResponse<String> response, int code, String reason, String messageStart) {
    assertEquals(code, response.statusCode(), response.body());
    JsonObject status = new JsonObject(response.body());
    assertEquals("Status", status.getString("kind"));
    assertEquals(code, status.getInteger("code"));
    assertEquals(reason, status.getString("reason"));
    assertTrue(status.getString("message").startsWith(messageStart), status.getString("message"));
  }
}
