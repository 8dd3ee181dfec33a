package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.vertedge.runtime.CloudApi.DEVICES;
import static io.vertedge.runtime.CloudApi.TWINS;
import static io.vertedge.runtime.CloudApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The twin routes of the cloud API (API.md section 5) on a real cloud: the shapes, what
 * {@code version} means, every refusal storing nothing, and a desired value reaching the
 * device's node, and no other, through the real link.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwinRoutesTest {

  private static final String DEVICE = DEVICES + "/devices/thermometer-1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi api;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    api = new CloudApi(hub);
    api.createThermometer();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void twinsListEveryPropertyAndADesiredValueGetsTheVersionOfTheWriteThatChangedIt() {
    JsonObject fresh = api.getJson(DEVICE);
    long created = resourceVersion(fresh);
    long generation = fresh.getJsonObject("metadata").getLong("generation");

    JsonArray items = api.getJson(TWINS).getJsonArray("items");
    assertEquals(5, items.size(), items.encode());
    assertEquals(new JsonObject("{\"property\":\"temperature\",\"reported\":{\"value\":\"21.5\","
        + "\"timestamp\":\"2025-11-25T10:00:00Z\"}}"), items.getJsonObject(0), "no desired value: none shown");
    assertEquals(twin("setpoint", "21", created), items.getJsonObject(1));
    assertEquals(twin("power", "true", created), items.getJsonObject(4));

    HttpResponse<String> set = expect(200, api.setDesired("setpoint", "{\"value\":\"25\"}"));
    JsonObject device = api.getJson(DEVICE);
    long written = resourceVersion(device);
    assertTrue(written > created);
    assertEquals(twin("setpoint", "25", written), new JsonObject(set.body()));
    JsonObject desired = device.getJsonObject("spec").getJsonArray("properties").getJsonObject(1).getJsonObject("desired");
    assertEquals(new JsonObject("{\"value\":\"25\",\"metadata\":{\"type\":\"int\",\"timestamp\":\"1764064800000\"}}"),
        desired, "the value is set, its metadata kept");
    assertEquals(generation + 1, device.getJsonObject("metadata").getLong("generation"),
        "a spec change: the next generation");

    expect(200, api.setDesired("setpoint", "{\"value\":\"25\"}"));
    assertEquals(written, resourceVersion(api.getJson(DEVICE)), "the same value again writes nothing");
    expect(200, api.request("PATCH", DEVICE + "/status", "application/merge-patch+json",
        "{\"status\":{\"state\":\"offline\"}}"));
    expect(200, api.request("PATCH", DEVICE, "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/properties/2/desired/value\",\"value\":\"2.0\"}]"));
    long patched = resourceVersion(api.getJson(DEVICE));

    items = api.getJson(TWINS).getJsonArray("items");
    assertEquals(twin("setpoint", "25", written), items.getJsonObject(1), "a status write leaves versions alone");
    assertEquals(twin("gain", "2.0", patched), items.getJsonObject(2), "a device write sets a version too");
    assertEquals(twin("power", "true", created), items.getJsonObject(4));

    assertEquals(new JsonObject().put("property", "label"),
        new JsonObject(expect(200, api.setDesired("label", "{\"value\":\"\"}")).body()), "an empty value clears it");
  }

  @Test
  void everyRefusalSaysWhyAndStoresNothing() {
    String before = api.getJson(DEVICE).encode();

    assertStatus(api.setDesired("setpoint", "25"), 400, "BadRequest", "not a JSON object");
    assertStatus(api.setDesired("setpoint", ""), 400, "BadRequest", "not a JSON object");
    assertStatus(api.setDesired("setpoint", "[\"25\"]"), 400, "BadRequest", "not a JSON object");
    assertStatus(api.setDesired("setpoint", "{\"value\":25}"), 400, "BadRequest", "no string \\\"value\\\"");
    assertStatus(api.request("PUT", "/api/v1/namespaces/default/devices/nothing/twins/setpoint/desired",
        "application/json", "{\"value\":\"25\"}"), 404, "NotFound", "devices.devices.kubeedge.io \\\"nothing\\\" not found");
    assertStatus(api.request("GET", "/api/v1/namespaces/default/devices/nothing/twins", null, null), 404, "NotFound",
        "\\\"nothing\\\" not found");
    assertStatus(api.setDesired("humidity", "{\"value\":\"40\"}"), 404, "NotFound", "property \\\"humidity\\\" not found");
    assertStatus(api.setDesired("temperature", "{\"value\":\"30\"}"), 422, "Invalid",
        "spec.properties[0].desired.value: Forbidden: property \\\"temperature\\\" is ReadOnly");
    assertStatus(api.setDesired("setpoint", "{\"value\":\"21.5\"}"), 422, "Invalid",
        "spec.properties[1].desired.value: Invalid value: \\\"21.5\\\": must be a 64-bit integer");
    assertStatus(api.setDesired("setpoint", "{\"value\":\"31\"}"), 422, "Invalid",
        "\"field\":\"spec.properties[1].desired.value\"");
    assertStatus(api.setDesired("gain", "{\"value\":\"0.1\"}"), 422, "Invalid",
        "must be greater than or equal to 0.5, the minimum of property \\\"gain\\\"");
    assertStatus(api.setDesired("power", "{\"value\":\"on\"}"), 422, "Invalid", "must be true or false");
    assertStatus(api.setDesired("label", new JsonObject().put("value", "x".repeat(513)).encode()), 422, "Invalid",
        "spec.properties[3].desired.value: Too long: may not be more than 512 bytes");
    assertStatus(api.setDesired("label", new JsonObject().put("value", "x".repeat(20_000)).encode()), 413,
        "RequestEntityTooLarge", "");

    assertEquals(before, api.getJson(DEVICE).encode(), "nothing stored");
  }

  @Test
  void aDesiredValueReachesTheDevicesNodeAndNoOther() {
    EdgeRuntime edge1 = hub.startEdge("edge-1");
    EdgeRuntime edge2 = hub.startEdge("edge-2");
    Poll.until(WAIT, "edge-1 holds the device", () -> CloudApi.state(edge1).containsKey("device/default/thermometer-1"));

    expect(200, api.setDesired("setpoint", "{\"value\":\"25\"}"));

    Poll.until(WAIT, "edge-1 holds the new desired value", () -> setpointAt(edge1).equals("25"));
    assertFalse(CloudApi.state(edge2).keySet().stream().anyMatch(key -> key.startsWith("device/")),
        "edge-2 holds no device");
    edge1.stop().await();
    edge2.stop().await();
  }

  private static String setpointAt(EdgeRuntime edge) {
    JsonObject device = new JsonObject(CloudApi.state(edge).get("device/default/thermometer-1").getContent()
        .toStringUtf8());
    return device.getJsonObject("spec").getJsonArray("properties").getJsonObject(1).getJsonObject("desired")
        .getString("value");
  }

  private static JsonObject twin(String property, String value, long version) {
    return new JsonObject().put("property", property)
        .put("desired", new JsonObject().put("value", value).put("version", version));
  }

  private static long resourceVersion(JsonObject object) {
    return Long.parseLong(object.getJsonObject("metadata").getString("resourceVersion"));
  }

  private static void assertStatus(HttpResponse<String> response, int code, String reason, String inBody) {
    assertEquals(code, response.statusCode(), response.body());
    JsonObject status = new JsonObject(response.body());
    assertEquals("Status", status.getString("kind"));
    assertEquals(reason, status.getString("reason"));
    assertTrue(response.body().contains(inBody), response.body());
  }
}
