package io.vertedge.cloud.devices;

import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vertedge.cloud.devices.DeviceApiFixture.sample;
import static io.vertedge.cloud.devices.Http.DEVICES;
import static io.vertedge.cloud.devices.Http.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create, read, replace, patch and delete over HTTP, JSON and YAML, with the sample documents as written. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceApiCrudTest {

  @TempDir Path dir;
  private DeviceApiFixture api;
  private Http http;

  @BeforeEach
  void start() {
    api = new DeviceApiFixture(dir);
    http = api.http;
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void samplesApplyUnchangedAndComeBackWithEveryFieldAndServerMetadata() {
    Http.Reply model = http.postYaml(MODELS, sample("thermometer-model.yaml"));
    Http.Reply device = http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    Http.Reply json = http.postJson(DEVICES, sample("thermometer-device.json"));

    assertEquals(201, model.status(), model.body());
    assertEquals(201, device.status(), device.body());
    assertEquals(201, json.status(), json.body());
    Resource sent = DeviceDocuments.readYaml(sample("thermometer-device.yaml")).get(0);
    Resource stored = DeviceDocuments.readYaml(http.getYaml(DEVICES + "/thermometer-1").body()).get(0);
    // every field as sent, but the metadata the server owns
    assertEquals(withoutServerFields(sent), withoutServerFields(stored));
    JsonObject metadata = http.get(DEVICES + "/thermometer-1").json().getJsonObject("metadata");
    assertEquals("2", metadata.getString("resourceVersion"), "the model was 1");
    assertEquals(1L, metadata.getLong("generation"));
    assertNotEquals("4c6f1c3e-8a83-4f5e-9d6b-2f4e0c1d9a77", metadata.getString("uid"), "the server's uid");
    assertTrue(metadata.getString("uid").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertTrue(metadata.getString("creationTimestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertEquals("online", http.get(DEVICES + "/thermometer-1").json().getJsonObject("status").getString("state"),
        "a status given on create is kept");
  }

  @Test
  void aMultiDocumentStreamAppliesOneDocumentAtATime() {
    List<Resource> lab = DeviceDocuments.readYaml(sample("lab.yaml"));
    for (Resource resource : lab) {
      String path = resource.kind().plural().equals("devices") ? DEVICES : MODELS;
      assertEquals(201, http.postYaml(path, resource.toYaml()).status());
    }

    JsonObject list = http.get(DEVICES).json();
    assertEquals(List.of("switch-1", "switch-2"), names(list));
  }

  @Test
  void yamlAnswersWhenAcceptAsksForIt() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));

    Http.Reply yaml = http.getYaml(MODELS + "/thermometer-model");
    Http.Reply list = http.getYaml(MODELS);

    assertEquals("application/yaml", yaml.header("content-type"));
    assertTrue(yaml.body().startsWith("apiVersion: devices.kubeedge.io/v1beta1\nkind: DeviceModel\n"), yaml.body());
    assertTrue(yaml.body().contains("  resourceVersion: '1'\n"), yaml.body());
    assertTrue(list.body().contains("kind: DeviceModelList\n"), list.body());
    assertTrue(list.body().contains("items:\n- apiVersion: devices.kubeedge.io/v1beta1\n"), list.body());
  }

  @Test
  void replaceChangesTheSpecBumpsTheGenerationAndKeepsTheStatus() {
    createThermometer();
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    device.getJsonObject("spec").put("nodeName", "edge-2");
    device.getJsonObject("status").put("state", "offline");

    Http.Reply replaced = http.put(DEVICES + "/thermometer-1", "application/json", device.encode());

    assertEquals(200, replaced.status(), replaced.body());
    JsonObject stored = replaced.json();
    assertEquals("edge-2", stored.getJsonObject("spec").getString("nodeName"));
    assertEquals("online", stored.getJsonObject("status").getString("state"), "status changes only through /status");
    assertEquals(2L, stored.getJsonObject("metadata").getLong("generation"));
    assertEquals("3", stored.getJsonObject("metadata").getString("resourceVersion"));
    assertEquals(device.getJsonObject("metadata").getString("uid"), stored.getJsonObject("metadata").getString("uid"));
  }

  @Test
  void aReplaceThatChangesNothingWritesNothing() {
    createThermometer();
    String device = http.get(DEVICES + "/thermometer-1").body();

    Http.Reply replaced = http.put(DEVICES + "/thermometer-1", "application/json", device);

    assertEquals(200, replaced.status());
    assertEquals("2", replaced.json().getJsonObject("metadata").getString("resourceVersion"));
  }

  @Test
  void labelChangesDoNotBumpTheGeneration() {
    createThermometer();

    Http.Reply patched = http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"room\":\"lab-9\",\"app.kubernetes.io/part-of\":null}}}");

    assertEquals(200, patched.status(), patched.body());
    JsonObject metadata = patched.json().getJsonObject("metadata");
    assertEquals(new JsonObject().put("room", "lab-9"), metadata.getJsonObject("labels"));
    assertEquals(1L, metadata.getLong("generation"));
    assertEquals("3", metadata.getString("resourceVersion"));
  }

  @Test
  void mergePatchSetsADesiredValue() {
    createThermometer();

    Http.Reply patched = http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json",
        "{\"spec\":{\"nodeName\":\"edge-3\"},\"metadata\":{\"resourceVersion\":\"2\"}}");

    assertEquals(200, patched.status(), patched.body());
    assertEquals("edge-3", patched.json().getJsonObject("spec").getString("nodeName"));
    assertEquals(2L, patched.json().getJsonObject("metadata").getLong("generation"));
  }

  @Test
  void jsonPatchReplacesAndTests() {
    createThermometer();
    String patch = new JsonArray()
        .add(new JsonObject().put("op", "test").put("path", "/spec/properties/1/name").put("value", "setpoint"))
        .add(new JsonObject().put("op", "replace").put("path", "/spec/properties/1/desired/value").put("value", "25"))
        .add(new JsonObject().put("op", "add").put("path", "/metadata/labels/floor").put("value", "1"))
        .add(new JsonObject().put("op", "remove").put("path", "/spec/methods"))
        .encode();

    Http.Reply patched = http.patch(DEVICES + "/thermometer-1", "application/json-patch+json", patch);

    assertEquals(200, patched.status(), patched.body());
    JsonObject spec = patched.json().getJsonObject("spec");
    assertEquals("25", spec.getJsonArray("properties").getJsonObject(1).getJsonObject("desired").getString("value"));
    assertNull(spec.getJsonArray("methods"));
    assertEquals("1", patched.json().getJsonObject("metadata").getJsonObject("labels").getString("floor"));
  }

  @Test
  void statusSubresourceChangesOnlyTheStatus() {
    createThermometer();
    String patch = "{\"status\":{\"state\":\"offline\"},\"spec\":{\"nodeName\":\"edge-9\"},"
        + "\"metadata\":{\"labels\":{\"x\":\"y\"}}}";

    Http.Reply patched = http.patch(DEVICES + "/thermometer-1/status", "application/merge-patch+json", patch);

    assertEquals(200, patched.status(), patched.body());
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    assertEquals("offline", device.getJsonObject("status").getString("state"));
    assertEquals("edge-1", device.getJsonObject("spec").getString("nodeName"));
    assertFalse(device.getJsonObject("metadata").getJsonObject("labels").containsKey("x"));
    assertEquals(1L, device.getJsonObject("metadata").getLong("generation"));
    assertEquals(device, http.get(DEVICES + "/thermometer-1/status").json());
  }

  @Test
  void putStatusReplacesTheWholeStatus() {
    createThermometer();
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    device.put("status", new JsonObject().put("reportToCloud", true).put("reportCycle", 5000));

    Http.Reply replaced = http.put(DEVICES + "/thermometer-1/status", "application/json", device.encode());

    assertEquals(200, replaced.status(), replaced.body());
    assertEquals(new JsonObject().put("reportToCloud", true).put("reportCycle", 5000),
        http.get(DEVICES + "/thermometer-1").json().getJsonObject("status"));
  }

  @Test
  void deviceStatusesAreAResourceToo() {
    Http.Reply created = http.postYaml(Http.BASE + "/namespaces/default/devicestatuses",
        sample("thermometer-status.yaml"));

    assertEquals(201, created.status(), created.body());
    assertEquals("DeviceStatus", http.get(Http.BASE + "/namespaces/default/devicestatuses/thermometer-1").json()
        .getString("kind"));
  }

  @Test
  void deleteAnswersTheObjectWithTheVersionOfItsDeletion() {
    createThermometer();

    Http.Reply deleted = http.delete(DEVICES + "/thermometer-1");

    assertEquals(200, deleted.status(), deleted.body());
    assertEquals("3", deleted.json().getJsonObject("metadata").getString("resourceVersion"));
    http.get(DEVICES + "/thermometer-1").assertStatus(404, "NotFound",
        "devices.devices.kubeedge.io \"thermometer-1\" not found");
  }

  @Test
  void deletingAModelInUseIsAllowedAsKubernetesHasNoReferences() {
    createThermometer();

    assertEquals(200, http.delete(MODELS + "/thermometer-model").status());
    assertEquals(200, http.get(DEVICES + "/thermometer-1").status(), "the device stays");
    assertEquals(200, http.patch(DEVICES + "/thermometer-1/status", "application/merge-patch+json",
        "{\"status\":{\"state\":\"online\"}}").status(), "and takes its reports");
    http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json", "{\"spec\":{\"nodeName\":\"edge-2\"}}")
        .assertStatus(422, "Invalid", "Device.devices.kubeedge.io \"thermometer-1\" is invalid: "
            + "spec.deviceModelRef.name: Not found: \"thermometer-model\": no DeviceModel \"thermometer-model\" in "
            + "namespace \"default\"");
  }

  @Test
  void generateNameMakesAName() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    String yaml = sample("thermometer-device.yaml").replace("  name: thermometer-1\n", "  generateName: thermo-\n");

    Http.Reply created = http.postYaml(DEVICES, yaml);

    assertEquals(201, created.status(), created.body());
    String name = created.json().getJsonObject("metadata").getString("name");
    assertTrue(name.matches("thermo-[bcdfghjklmnpqrstvwxz2456789]{5}"), name);
    assertEquals(200, http.get(DEVICES + "/" + name).status());
  }

  @Test
  void theNamespaceOfTheUrlFillsAnObjectWithoutOne() {
    http.post(Http.BASE + "/namespaces/lab/devicemodels", "application/yaml",
        sample("thermometer-model.yaml").replace("  namespace: default\n", ""));

    JsonObject model = http.get(Http.BASE + "/namespaces/lab/devicemodels/thermometer-model").json();

    assertEquals("lab", model.getJsonObject("metadata").getString("namespace"));
  }

  private void createThermometer() {
    assertEquals(201, http.postYaml(MODELS, sample("thermometer-model.yaml")).status());
    Http.Reply device = http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    assertEquals(201, device.status(), device.body());
    assertNotNull(device.json().getJsonObject("metadata").getString("uid"));
  }

  static List<String> names(JsonObject list) {
    return list.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getJsonObject("metadata").getString("name")).toList();
  }

  private static Resource withoutServerFields(Resource resource) {
    Resource out = resource;
    for (String field : List.of("uid", "resourceVersion", "generation", "creationTimestamp")) {
      out = out.with(List.of("metadata", field), null);
    }
    return out;
  }
}
