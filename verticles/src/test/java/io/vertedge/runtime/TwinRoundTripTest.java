package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole way of a twin, through what users touch only: a desired value set with the cloud's
 * twin route arrives as a delta at an independent {@code mosquitto_sub} on the edge; the device
 * app answers on {@code twin/update} and {@code state/update}; and the cloud shows the reported
 * value in its twin route, in {@code Device.status} and in the separate {@code DeviceStatus}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwinRoundTripTest {

  private static final String DEVICE = "$hw/events/device/default/thermometer-1/";

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private DeviceApp app;
  private CloudApi http;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    http = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    app = DeviceApp.connect(hub.vertx, mqttPort(), "thermo-app");
  }

  @AfterEach
  void stop() {
    app.close();
    edge.stop().await();
    hub.close();
  }

  @Test
  void aDesiredValueGoesDownAndTheDevicesAnswerComesBackIntoBothStatusLayouts() throws Exception {
    http.createThermometer();
    app.await(DEVICE + "twin/update/delta", "the device is on the edge", json -> true);

    try (MosquittoSub independent = MosquittoSub.subscribe(mqttPort(), DEVICE + "twin/update/delta", 1)) {
      HttpResponse<String> put = http.request("PUT", CloudApi.TWINS + "/setpoint/desired", "application/json", "{\"value\":\"24\"}");
      assertEquals(200, put.statusCode(), put.body());
      JsonObject delta = new JsonObject(independent.messages().get(0));
      assertEquals("24", delta.getJsonObject("delta").getString("setpoint"));
    }

    app.publish(DEVICE + "twin/update", "{\"event_id\":\"r1\",\"timestamp\":1764064800000,\"twin\":{"
        + "\"setpoint\":{\"actual\":{\"value\":\"24\"},\"metadata\":{\"type\":\"int\"}}}}");
    app.answer(DEVICE + "twin/update/result", "r1");
    app.publish(DEVICE + "state/update", "{\"event_id\":\"s1\",\"state\":\"online\"}");
    app.answer(DEVICE + "state/update/result", "s1");

    Poll.until(DeviceApp.WAIT, "the reported value in the cloud's twin route",
        () -> "24".equals(reported(twin(cloudTwins(), "setpoint"))));
    JsonObject setpoint = twin(cloudTwins(), "setpoint");
    assertEquals("24", setpoint.getJsonObject("desired").getString("value"));
    Instant when = Instant.parse(setpoint.getJsonObject("reported").getString("timestamp"));
    assertTrue(Duration.between(when, Instant.now()).abs().toMinutes() < 2, "when the edge took it: " + setpoint);

    for (String layout : List.of("devices", "devicestatuses")) {
      Poll.until(DeviceApp.WAIT, "the state in the status of " + layout, () -> "online".equals(status(layout).getString("state")));
      JsonObject status = status(layout);
      JsonObject twin = status.getJsonArray("twins").stream().map(JsonObject.class::cast)
          .filter(t -> "setpoint".equals(t.getString("propertyName"))).findFirst().orElseThrow();
      assertEquals("24", twin.getJsonObject("reported").getString("value"), layout + ": " + status);
      assertEquals("int", twin.getJsonObject("reported").getJsonObject("metadata").getString("type"));
      assertEquals("24", twin.getJsonObject("observedDesired").getString("value"), layout + ": " + status);
      assertEquals("online", status.getString("state"), layout);
      assertTrue(status.getString("lastOnlineTime").endsWith("Z"), layout + ": " + status);
    }
  }

  private JsonArray cloudTwins() {
    HttpResponse<String> twins = http.request("GET", CloudApi.TWINS, null, null);
    assertEquals(200, twins.statusCode(), twins.body());
    return new JsonObject(twins.body()).getJsonArray("items");
  }

  private static JsonObject twin(JsonArray items, String property) {
    return items.stream().map(JsonObject.class::cast).filter(item -> property.equals(item.getString("property")))
        .findFirst().orElseThrow(() -> new AssertionError("no twin " + property + " in " + items));
  }

  private static String reported(JsonObject twin) {
    JsonObject reported = twin.getJsonObject("reported");
    return reported == null ? null : reported.getString("value");
  }

  private JsonObject status(String plural) {
    HttpResponse<String> object = http.request("GET", CloudApi.DEVICES + "/" + plural + "/thermometer-1", null, null);
    assertEquals(200, object.statusCode(), object.body());
    return new JsonObject(object.body()).getJsonObject("status", new JsonObject());
  }

  private int mqttPort() {
    return URI.create(edge.endpoints().getString("mqtt")).getPort();
  }
}
