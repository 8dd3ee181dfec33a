package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KubeEdge's mapper REST routes on a real edge's API (KUBEEDGE-COMPAT 7.1), for a
 * {@code protocolName: virtual} device created through the cloud: KubeEdge's shapes, writes
 * through the device's methods read back, and refused writes that leave the device as it was.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapperRoutesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String VALVE = "/api/v1/device/default/valve-1/";
  private static final String SET_TARGET = "/api/v1/devicemethod/default/valve-1/setTarget/";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    CloudApi cloud = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels", "application/yaml",
        MethodDevices.MODEL_YAML));
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml",
        MethodDevices.device("valve-1", "edge-1")));
    Poll.until(WAIT, "valve-1 run on the edge", () -> edge("GET", VALVE + "target", null).statusCode() == 200);
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    hub.close();
  }

  @Test
  void pingAnswersKubeEdgesBaseResponseAndEchoesTheCorrelationId() {
    HttpResponse<String> ping = edge("GET", "/api/v1/ping", "req-42");
    assertEquals(200, ping.statusCode());
    assertEquals("req-42", ping.headers().firstValue("X-Correlation-ID").orElse(null));
    assertEquals("application/json", ping.headers().firstValue("Content-Type").orElse(null));
    JsonObject body = new JsonObject(ping.body());
    assertEquals(List.of("apiVersion", "statusCode", "timeStamp", "Message"), List.copyOf(body.fieldNames()));
    assertEquals("v1", body.getString("apiVersion"));
    assertEquals(200, body.getInteger("statusCode"));
    Instant.parse(body.getString("timeStamp"));
    assertEquals("This is v1 API, the server is running normally.", body.getString("Message"));
  }

  @Test
  void aDeviceValueHasKubeEdgesDataShape() {
    JsonObject data = ok(edge("GET", VALVE + "target", null)).getJsonObject("Data");
    assertEquals(new JsonObject().put("DeviceName", "valve-1").put("PropertyName", "target").put("Namespace", "default")
        .put("Value", "21.0").put("Type", "float").put("TimeStamp", data.getLong("TimeStamp")), data);
    assertTrue(Math.abs(System.currentTimeMillis() - data.getLong("TimeStamp")) < 60_000, "TimeStamp in ms: " + data);
  }

  @Test
  void theMethodListNamesEachMethodItsPathAndParameters() {
    JsonArray methods = ok(edge("GET", "/api/v1/devicemethod/default/valve-1", null)).getJsonObject("Data")
        .getJsonArray("Methods");
    assertEquals(new JsonArray()
        .add(new JsonObject().put("Name", "setTarget")
            .put("Path", "/api/v1/devicemethod/default/valve-1/setTarget/{propertyName}/{data}")
            .put("Parameters", new JsonArray()
                .add(new JsonObject().put("PropertyName", "target").put("ValueType", "float"))
                .add(new JsonObject().put("PropertyName", "mode").put("ValueType", "string"))))
        .add(new JsonObject().put("Name", "everything")
            .put("Path", "/api/v1/devicemethod/default/valve-1/everything/{propertyName}/{data}")
            .put("Parameters", new JsonArray()
                .add(new JsonObject().put("PropertyName", "target").put("ValueType", "float"))
                .add(new JsonObject().put("PropertyName", "ticks").put("ValueType", "int")))), methods);
  }

  @Test
  void aWriteOnGetPutOrPostIsWhatTheNextReadsReturn() {
    JsonObject written = ok(edge("GET", SET_TARGET + "target/23.5", "w-1"));
    assertEquals("Write data 23.5 to device default/valve-1 successfully.", written.getString("Message"));
    assertEquals("23.5", value("target"));
    assertEquals("23.5", value("target"), "and the read after it");

    ok(edge("PUT", SET_TARGET + "mode/eco%20plus", null));
    assertEquals("eco plus", value("mode"), "the path segment URL-decoded");
    ok(edge("POST", SET_TARGET + "target/42.25", null));
    assertEquals("42.25", value("target"));
  }

  @Test
  void theMetaModelIsTheDevicesModelFlattenedIntoTheBaseResponse() {
    JsonObject model = ok(edge("GET", "/api/v1/meta/model/default/valve-1", null));
    assertEquals("default/valve-model", model.getString("id"));
    assertEquals("valve-model", model.getString("name"));
    assertEquals("default", model.getString("namespace"));
    assertEquals(200, model.getInteger("statusCode"));
    JsonObject target = model.getJsonArray("properties").getJsonObject(1);
    assertEquals(new JsonObject().put("name", "target").put("dataType", "FLOAT").put("description", "")
        .put("accessMode", "ReadWrite").put("minimum", "0").put("maximum", "100").put("unit", "%"), target);
    assertEquals(model.getJsonArray("properties"),
        ok(edge("GET", "/api/v1/meta/model/default/valve-model", null)).getJsonArray("properties"), "by model name");
    HttpResponse<String> database = edge("GET", "/api/v1/database/default/valve-1", null);
    assertEquals(503, database.statusCode(), database.body());
  }

  @Test
  void unknownDevicePropertyOrMethodIs404WithTheReason() {
    assertText(edge("GET", "/api/v1/device/default/valve-9/target", null), 404, "device default/valve-9 is not on node edge-1");
    assertText(edge("GET", VALVE + "pressure", null), 404, "device model valve-model of device default/valve-1 has no property pressure");
    assertText(edge("GET", "/api/v1/devicemethod/default/valve-1/open/target/1", null), 404,
        "device default/valve-1 has no method open (its methods: [setTarget, everything])");
    assertText(edge("GET", SET_TARGET + "pressure/1", null), 404, "device model valve-model of device default/valve-1 has no property pressure");
    assertText(edge("GET", "/api/v1/devicemethod/default/valve-9", null), 404, "device default/valve-9 is not on node edge-1");
  }

  @Test
  void refusedWritesSayWhyAndWriteNothing() {
    String ticksBefore = value("ticks");
    assertText(edge("GET", "/api/v1/devicemethod/default/valve-1/everything/ticks/5", null), 400,
        "property ticks is ReadOnly in device model valve-model");
    assertText(edge("GET", SET_TARGET + "target/warm", null), 400,
        "value \"warm\" of property target must be a number, as property \"target\" is FLOAT");
    assertText(edge("GET", SET_TARGET + "target/250", null), 400, "target: Invalid value: \"250\": must be less than or equal to 100");
    assertText(edge("GET", SET_TARGET + "spare/5", null), 400,
        "property spare is not one of the propertyNames [target, mode] of method setTarget of device default/valve-1");
    assertEquals("21.0", value("target"));
    assertEquals("1", value("spare"));
    assertTrue(Long.parseLong(value("ticks")) >= Long.parseLong(ticksBefore), "ticks still counts, not written");
    assertEquals(4, metric("vertedge_method_calls_total\\{[^}]*code=\"400\"[^}]*\\}"), "refused calls counted");
    assertEquals(0, metric("vertedge_method_calls_total\\{[^}]*code=\"200\"[^}]*\\}"), "no call succeeded");
  }

  private double metric(String series) {
    return MetricsText.sum(edge("GET", "/metrics", null).body(), series);
  }

  private String value(String property) {
    return ok(edge("GET", VALVE + property, null)).getJsonObject("Data").getString("Value");
  }

  private static JsonObject ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
    return new JsonObject(response.body());
  }

  private static void assertText(HttpResponse<String> response, int status, String start) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), response.headers().toString());
    assertTrue(response.body().startsWith(start), response.body());
  }

  private HttpResponse<String> edge(String method, String path, String correlation) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(edge.apiUrl() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (correlation != null) {
      request.header("X-Correlation-ID", correlation);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
