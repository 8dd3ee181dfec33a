package io.vertedge.edge.twin;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.DeviceModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a device's twin/update must be, each problem named precisely. */
class TwinUpdateTest {

  private final DeviceModel model = (DeviceModel) DeviceDocuments.readYaml(sample("thermometer-model.yaml")).get(0);
  private final DeviceTwinState device = new DeviceTwinState(
      (Device) DeviceDocuments.readYaml(sample("thermometer-device.yaml")).get(0));

  @Test
  void aKubeEdgeMapperUpdateIsAccepted() {
    TwinUpdate update = parse("{\"event_id\":\"e1\",\"timestamp\":1700000000000,\"twin\":{\"temperature\":"
        + "{\"actual\":{\"value\":\"23.5\"},\"expected\":{\"value\":\"\"},\"metadata\":{\"type\":\"float\"}}}}");
    update.check(device, model);
    assertEquals("e1", update.eventId());
    assertEquals(new TwinUpdate.Change("float", "23.5", null), update.changes().get("temperature"),
        "an empty expected value is none");
  }

  @Test
  void valuesAreAnyUtf8UpTo512BytesOfTheModelsType() {
    parse(update("label", "Lab 2, \"north\" wall + ü".repeat(1))).check(device, model);
    parse(update("label", "ü".repeat(256))).check(device, model);
    parse(update("calibration", "{\"a\":[1,2]}")).check(device, model);
    parse(update("setpoint", "-7")).check(device, model); // a reading, not a desired value: no range
    assertRefused(update("label", "ü".repeat(256) + "x"), 400, "twin.label.actual.value is 513 bytes long");
    assertRefused(update("setpoint", "21.5"), 400, "twin.setpoint.actual.value \"21.5\" must be a 64-bit integer");
    assertRefused(update("gain", "high"), 400, "must be a number");
    assertRefused(update("power", "TRUE"), 400, "must be true or false");
    assertRefused(update("humidity", "40"), 400, "the device's model thermometer-model has no property humidity");
  }

  @Test
  void malformedUpdatesAreBadRequests() {
    assertRefused("{\"twin\":", 400, "the payload is not valid JSON");
    assertRefused("", 400, "the payload is empty");
    assertRefused("\"text\"", 400, "must be a JSON object");
    assertRefused("{\"event_id\":7,\"twin\":{}}", 400, "event_id must be a string");
    assertRefused("{\"timestamp\":\"now\",\"twin\":{}}", 400, "timestamp must be an integer");
    assertRefused("{\"event_id\":\"e\"}", 400, "twin is missing");
    assertRefused("{\"twin\":{}}", 400, "twin is empty");
    assertRefused("{\"twin\":{\"label\":\"x\"}}", 400, "twin.label must be an object");
    assertRefused("{\"twin\":{\"label\":{}}}", 400, "twin.label has neither an actual nor an expected value");
    assertRefused("{\"twin\":{\"label\":{\"actual\":{\"value\":1}}}}", 400, "twin.label.actual must be an object with a string value");
    assertRefused("{\"twin\":{\"label\":{\"actual\":{\"value\":\"a\"},\"metadata\":{\"type\":\"bytes\"}}}}", 400,
        "twin.label.metadata.type \"bytes\" is not one of");
    assertRefused("{\"twin\":{\"label\":{\"actual\":{\"value\":\"a\"},\"metadata\":{\"type\":\"deleted\"}}}}", 400,
        "deleting a twin is not supported");
  }

  @Test
  void withoutItsModelTheDevicesOwnPropertiesAndTheGivenTypeDecide() {
    parse(update("setpoint", "warm")).check(device, null); // string by default
    assertRefused("{\"twin\":{\"setpoint\":{\"actual\":{\"value\":\"warm\"},\"metadata\":{\"type\":\"int\"}}}}", 400,
        "must be a 64-bit integer", null);
    assertRefused(update("calibration", "x"), 400, "device default/thermometer-1 has no property calibration", null);
  }

  private void assertRefused(String payload, int code, String reason) {
    assertRefused(payload, code, reason, model);
  }

  private void assertRefused(String payload, int code, String reason, DeviceModel withModel) {
    TwinError error = assertThrows(TwinError.class, () -> parse(payload).check(device, withModel));
    assertEquals(code, error.code());
    assertTrue(error.getMessage().contains(reason), error.getMessage());
  }

  private static TwinUpdate parse(String payload) {
    return TwinUpdate.parse(TwinMessages.read(Buffer.buffer(payload)));
  }

  private static String update(String property, String value) {
    return new JsonObject().put("twin", new JsonObject().put(property,
        new JsonObject().put("actual", new JsonObject().put("value", value)))).encode();
  }

  private static String sample(String name) {
    try (InputStream in = TwinUpdateTest.class.getResourceAsStream("/devices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
