package io.vertedge.runtime;

import io.vertedge.testing.FreePorts;
import io.vertedge.link.proto.Envelope;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DeviceTwin end to end: a real cloud, a real edge, devices created through the cloud's device
 * API, and device apps as real MQTT clients on the edge's embedded broker speaking KubeEdge's
 * {@code $hw/events/...} topics and payloads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceTwinTest {

  private static final String BASE = CloudApi.DEVICES;
  private static final String TWIN = "$hw/events/device/default/thermometer-1/twin/";
  private static final String DEVICE_KEY = "device/default/thermometer-1";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private DeviceApp app;
  private MosquittoSub independent;
  private CloudApi http;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    http = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    app = DeviceApp.connect(hub.vertx, mqttPort(edge), "thermo-app");
  }

  @AfterEach
  void stop() {
    if (independent != null) {
      independent.close();
    }
    app.close();
    edge.stop().await();
    hub.close();
  }

  @Test
  void desiredValuesSetInTheCloudReachDeviceAppsAsDeltasOncePerChange() throws Exception {
    independent = MosquittoSub.subscribe(mqttPort(edge), TWIN + "update/delta", 2);
    http.createThermometer();
    JsonObject added = app.await("$hw/events/node/edge-1/membership/updated", "the device joined the node",
        json -> json.getJsonArray("added_devices").size() == 1);
    assertEquals("default/thermometer-1", added.getJsonArray("added_devices").getJsonObject(0).getString("id"));
    JsonObject first = app.await(TWIN + "update/delta", "the desired values of the new device", json -> true);
    assertEquals(new JsonObject().put("gain", "1.25").put("label", "Lab 2, north wall").put("power", "true")
        .put("setpoint", "21"), first.getJsonObject("delta"));
    assertEquals("21", first.getJsonObject("twin").getJsonObject("setpoint").getJsonObject("expected").getString("value"));

    http.patchDesired(1, "25");
    JsonObject second = app.await(TWIN + "update/delta", "the changed desired value",
        json -> "25".equals(json.getJsonObject("delta").getString("setpoint")));
    assertEquals("int", second.getJsonObject("twin").getJsonObject("setpoint").getJsonObject("metadata").getString("type"));

    // a change the edge sees but no desired value in it: no delta
    assertEquals(200, http.request("PATCH", BASE + "/devices/thermometer-1", "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"room\":\"lab-3\"}}}").statusCode());
    // durable on the edge: the edge's copy of cloud state is forced after it is announced
    Poll.until(DeviceApp.WAIT, "the relabelled device reached the edge", () -> cloudState(edge)
        .filter(device -> device.getContent().toStringUtf8().contains("lab-3")).isPresent());
    roundTrip();
    assertEquals(2, app.on(TWIN + "update/delta").size(), "one delta per change: " + app.on(TWIN + "update/delta"));
    List<String> seen = independent.messages();
    assertEquals(2, seen.size(), "mosquitto_sub: " + seen);
    assertEquals("21", new JsonObject(seen.get(0)).getJsonObject("delta").getString("setpoint"));
    assertEquals("25", new JsonObject(seen.get(1)).getJsonObject("delta").getString("setpoint"));
  }

  @Test
  void aDeviceUpdateIsAnsweredDocumentedAndReportedToTheCloud() {
    http.createThermometer();
    app.await(TWIN + "update/delta", "the device is on the edge", json -> true);

    app.publish(TWIN + "update", "{\"event_id\":\"e1\",\"timestamp\":1764064800000,\"twin\":{"
        + "\"temperature\":{\"actual\":{\"value\":\"23.5\"},\"metadata\":{\"type\":\"float\"}},"
        + "\"setpoint\":{\"actual\":{\"value\":\"21\"}}}}");

    JsonObject result = app.answer(TWIN + "update/result", "e1");
    assertEquals("23.5", actual(result.getJsonObject("twin"), "temperature"));
    assertFalse(result.getJsonObject("twin").getJsonObject("temperature").containsKey("actual_version"),
        "results carry no versions");
    JsonObject document = app.answer(TWIN + "update/document", "e1").getJsonObject("twin");
    assertNull(document.getJsonObject("temperature").getValue("last"));
    assertEquals("23.5", actual(document.getJsonObject("temperature").getJsonObject("current")));
    JsonObject delta = app.answer(TWIN + "update/delta", "e1").getJsonObject("delta");
    assertFalse(delta.containsKey("setpoint"), "setpoint is as desired: " + delta);
    assertEquals("true", delta.getString("power"));

    Poll.until(DeviceApp.WAIT, "the twin in the cloud", () -> reported(DEVICE_KEY + "/twin/edge_updated").isPresent());
    Envelope reported = reported(DEVICE_KEY + "/twin/edge_updated").orElseThrow();
    assertEquals("twin", reported.getRoute().getSource());
    assertEquals("resource", reported.getRoute().getGroup());
    assertEquals("update", reported.getRoute().getOperation());
    JsonObject snapshot = new JsonObject(reported.getContent().toStringUtf8()).getJsonObject("twin");
    assertEquals("23.5", actual(snapshot, "temperature"));
    assertEquals("float", snapshot.getJsonObject("temperature").getJsonObject("metadata").getString("type"));
    assertEquals("21", snapshot.getJsonObject("setpoint").getJsonObject("expected").getString("value"));

    // a second update reports every property with a value, not just the new one
    app.publish(TWIN + "update", "{\"event_id\":\"e2\",\"twin\":{\"power\":{\"actual\":{\"value\":\"true\"}}}}");
    app.answer(TWIN + "update/result", "e2");
    Poll.until(DeviceApp.WAIT, "the full snapshot in the cloud", () -> reported(DEVICE_KEY + "/twin/edge_updated")
        .map(e -> new JsonObject(e.getContent().toStringUtf8()).getJsonObject("twin").fieldNames())
        .orElseThrow().containsAll(List.of("temperature", "setpoint", "power")));

    JsonObject get = app.publishAndAnswer(TWIN + "get", "{\"event_id\":\"g1\"}", TWIN + "get/result", "g1");
    assertEquals("23.5", actual(get.getJsonObject("twin"), "temperature"));

    // an expected value set on the edge, as a KubeEdge mapper sends what it applied
    app.publish(TWIN + "update", "{\"event_id\":\"e3\",\"twin\":{\"gain\":{\"actual\":{\"value\":\"1.0\"},"
        + "\"expected\":{\"value\":\"1.5\"}}}}");
    assertEquals("1.5", app.answer(TWIN + "update/delta", "e3").getJsonObject("delta").getString("gain"));

    HttpResponse<String> twins = http.edgeGet(edge, "/api/v1/namespaces/default/devices/thermometer-1/twins");
    assertEquals(200, twins.statusCode());
    JsonArray items = new JsonObject(twins.body()).getJsonArray("items");
    JsonObject setpoint = item(items, "setpoint");
    assertEquals("21", setpoint.getJsonObject("desired").getString("value"));
    assertTrue(setpoint.getJsonObject("desired").getLong("version") > 0, "the registry version: " + setpoint);
    assertEquals("21", setpoint.getJsonObject("reported").getString("value"));
    assertTrue(setpoint.getJsonObject("reported").getString("timestamp").endsWith("Z"));
    assertFalse(item(items, "calibration").containsKey("reported"), "nothing reported for it: " + items);
    HttpResponse<String> unknown = http.edgeGet(edge, "/api/v1/namespaces/default/devices/nope/twins");
    assertEquals(404, unknown.statusCode());
    assertEquals("NotFound", new JsonObject(unknown.body()).getString("reason"));
  }

  @Test
  void badTwinMessagesAreAnsweredWithACodeAndReasonAndNothingIsKept() {
    http.createThermometer();
    app.await(TWIN + "update/delta", "the device is on the edge", json -> true);

    assertRefused("not json", "{\"event_id\":", 400, "not valid JSON");
    assertRefused("not an object", "[1,2]", 400, "must be a JSON object");
    assertRefused("too long", update("b1", "label", "x".repeat(513)), 400, "513 bytes");
    assertRefused("wrong type", update("b2", "setpoint", "warm"), 400, "64-bit integer");
    assertRefused("not a boolean", update("b3", "power", "yes"), 400, "true or false");
    assertRefused("not in the model", update("b4", "humidity", "40"), 400, "has no property humidity");
    assertRefused("bad type", "{\"event_id\":\"b5\",\"twin\":{\"label\":{\"actual\":{\"value\":\"a\"},"
        + "\"metadata\":{\"type\":\"double\"}}}}", 400, "metadata.type");
    assertRefused("a number value", "{\"event_id\":\"b6\",\"twin\":{\"setpoint\":{\"actual\":{\"value\":21}}}}", 400,
        "string value");
    String other = "$hw/events/device/default/nope/twin/";
    app.publish(other + "update", update("b7", "setpoint", "21"));
    assertEquals(404, app.answer(other + "update/result", "b7").getInteger("code"));
    assertEquals(404, app.publishAndAnswer(other + "get", "{\"event_id\":\"g404\"}", other + "get/result", "g404")
        .getInteger("code"));

    JsonObject get = app.publishAndAnswer(TWIN + "get", "{\"event_id\":\"g1\"}", TWIN + "get/result", "g1");
    assertTrue(get.getJsonObject("twin").stream().noneMatch(e -> ((JsonObject) e.getValue()).containsKey("actual")),
        "nothing was kept: " + get);
    assertTrue(reported(DEVICE_KEY + "/twin/edge_updated").isEmpty(), "nothing was reported");

    // UTF-8 beyond KubeEdge's character set, at the 512-byte bound, is a value like any other
    String wide = "é".repeat(256);
    app.publish(TWIN + "update", update("ok", "label", wide));
    assertEquals(wide, actual(app.answer(TWIN + "update/result", "ok").getJsonObject("twin"), "label"));
    String scrape = hub.edgeTelemetry.scrape();
    assertTrue(scrape.contains("vertedge_twin_updates_total{result=\"rejected\"} 9"), scrape);
  }

  @Test
  void stateUpdatesAndMembershipAreAnswered() {
    http.createThermometer();
    app.await(TWIN + "update/delta", "the device is on the edge", json -> true);
    String device = "$hw/events/device/default/thermometer-1/";

    JsonObject state = app.publishAndAnswer(device + "state/update", "{\"event_id\":\"s1\",\"State\":\"online\"}",
        device + "state/update/result", "s1").getJsonObject("device");
    assertEquals("thermometer-1", state.getString("name"));
    assertEquals("online", state.getString("state"));
    String lastOnline = state.getString("lastOnlineTime");
    assertTrue(lastOnline.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lastOnline);
    Poll.until(DeviceApp.WAIT, "the state in the cloud", () -> reported(DEVICE_KEY + "/state/update").isPresent());
    JsonObject atCloud = new JsonObject(reported(DEVICE_KEY + "/state/update").orElseThrow().getContent().toStringUtf8());
    assertEquals("online", atCloud.getJsonObject("device").getString("state"));
    assertEquals(lastOnline, atCloud.getJsonObject("device").getString("lastOnlineTime"));
    assertEquals(400, app.publishAndAnswer(device + "state/update", "{\"event_id\":\"s2\",\"state\":\"asleep\"}",
        device + "state/update/result", "s2").getInteger("code"));

    JsonObject members = app.publishAndAnswer("$hw/events/node/edge-1/membership/get", "{\"event_id\":\"m1\"}",
        "$hw/events/node/edge-1/membership/get/result", "m1");
    JsonObject member = members.getJsonArray("devices").getJsonObject(0);
    assertEquals("default/thermometer-1", member.getString("id"));
    assertEquals("online", member.getString("state"));
    assertEquals(lastOnline, member.getString("last_online"));
    app.publish("$hw/events/node/edge-1/membership/get", ""); // no event_id at all: answered with ""
    app.answer("$hw/events/node/edge-1/membership/get/result", "");
    app.publish("$hw/events/node/edge-2/membership/get", "{\"event_id\":\"m2\"}");

    assertEquals(200, http.request("DELETE", BASE + "/devices/thermometer-1", null, null).statusCode());
    JsonObject removed = app.await("$hw/events/node/edge-1/membership/updated", "the device left the node",
        json -> json.getJsonArray("removed_devices").size() == 1);
    assertEquals("default/thermometer-1", removed.getJsonArray("removed_devices").getJsonObject(0).getString("id"));
    assertTrue(app.on("$hw/events/node/edge-2/membership/get/result").isEmpty(), "only edge-1's membership is answered");
  }

  @Test
  void desiredValuesChangedWhileTheEdgeIsDownArriveOnceAndARestartRepeatsNothing() {
    http.createThermometer();
    app.await(TWIN + "update/delta", "the device is on the edge", json -> true);
    app.publish(TWIN + "update", update("r1", "temperature", "22.5"));
    app.answer(TWIN + "update/result", "r1");
    long deltas = metric("vertedge_twin_deltas_total");
    app.close();
    edge.stop().await();

    http.patchDesired(1, "19");
    int port = FreePorts.tcp();
    Future<EdgeRuntime> restarting = EdgeRuntime.start(hub.vertx, hub.edgeConfig("edge-1", "auto",
        List.of("mqtt.port=" + port)), hub.edgeTelemetry, Optional.empty());
    // the app is there as soon as the broker is, long before the link brings the new state
    app = DeviceApp.connectOnceUp(hub.vertx, port, "thermo-app");
    edge = restarting.await();
    app.await(TWIN + "update/delta", "the desired value set while the edge was down",
        json -> "19".equals(json.getJsonObject("delta").getString("setpoint")));
    roundTrip();
    assertEquals(1, app.on(TWIN + "update/delta").size(), "announced once: " + app.on(TWIN + "update/delta"));
    assertEquals(deltas + 1, metric("vertedge_twin_deltas_total"), "announced once");

    app.close();
    edge.stop().await();
    edge = hub.startEdge("edge-1");
    app = DeviceApp.connect(hub.vertx, mqttPort(edge), "thermo-app");
    Poll.until(DeviceApp.WAIT, "edge-1 linked again", () -> edge.link().isPresent());
    roundTrip();
    assertEquals(deltas + 1, metric("vertedge_twin_deltas_total"), "nothing announced again");

    // the cloud out of reach: the edge API still knows the twins
    app.close();
    edge.stop().await();
    edge = hub.startOfflineEdge("edge-1", List.of());
    app = DeviceApp.connect(hub.vertx, mqttPort(edge), "thermo-app");
    JsonArray items = new JsonObject(http.edgeGet(edge, "/api/v1/namespaces/default/devices/thermometer-1/twins").body())
        .getJsonArray("items");
    assertEquals("19", item(items, "setpoint").getJsonObject("desired").getString("value"));
    assertEquals("22.5", item(items, "temperature").getJsonObject("reported").getString("value"));
    JsonObject get = app.publishAndAnswer(TWIN + "get", "{\"event_id\":\"off\"}", TWIN + "get/result", "off");
    assertEquals("19", get.getJsonObject("twin").getJsonObject("setpoint").getJsonObject("expected").getString("value"));
  }

  // --- helpers

  private void assertRefused(String what, String payload, int code, String reason) {
    String eventId = new JsonObject(payload.startsWith("{\"event_id\":\"") ? payload : "{}").getString("event_id", "");
    int before = app.on(TWIN + "update/result").size();
    app.publish(TWIN + "update", payload); // acknowledged: the error is the answer
    Poll.until(DeviceApp.WAIT, what + " answered", () -> app.on(TWIN + "update/result").size() > before);
    JsonObject result = app.last(TWIN + "update/result").orElseThrow();
    assertEquals(code, result.getInteger("code"), what + ": " + result);
    assertTrue(result.getString("reason").contains(reason), what + ": " + result);
    assertEquals(eventId, result.getString("event_id"), what);
  }

  private static String update(String eventId, String property, String value) {
    return new JsonObject().put("event_id", eventId).put("twin", new JsonObject().put(property,
        new JsonObject().put("actual", new JsonObject().put("value", value)))).encode();
  }

  /** A twin/get answered: everything published before it has been handled by the twin. */
  private void roundTrip() {
    String eventId = "rt-" + System.nanoTime();
    app.publishAndAnswer(TWIN + "get", "{\"event_id\":\"" + eventId + "\"}", TWIN + "get/result", eventId);
  }

  private static String actual(JsonObject twins, String property) {
    return actual(twins.getJsonObject(property));
  }

  private static String actual(JsonObject twin) {
    return twin.getJsonObject("actual").getString("value");
  }

  private static JsonObject item(JsonArray items, String property) {
    return items.stream().map(JsonObject.class::cast).filter(i -> property.equals(i.getString("property")))
        .findFirst().orElseThrow(() -> new AssertionError("no item " + property + " in " + items));
  }

  private long metric(String series) {
    return hub.edgeTelemetry.scrape().lines().filter(line -> line.startsWith(series + " "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst().orElse(0);
  }

  private Optional<Envelope> reported(String key) {
    return hub.cloud.delivery().reported("edge-1").await().stream()
        .filter(e -> key.equals(e.getRoute().getResource())).findFirst();
  }

  private static Optional<Envelope> cloudState(EdgeRuntime edge) {
    return edge.delivery().cloudState().await().stream()
        .filter(e -> DEVICE_KEY.equals(e.getRoute().getResource())).findFirst();
  }

  private static int mqttPort(EdgeRuntime edge) {
    return URI.create(edge.endpoints().getString("mqtt")).getPort();
  }
}
