package io.vertedge.cloud.devices;

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
import static io.vertedge.cloud.devices.Http.BASE;
import static io.vertedge.cloud.devices.Http.DEVICES;
import static io.vertedge.cloud.devices.Http.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every way a request to the device API fails: the Status it answers, and nothing stored. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceApiErrorsTest {

  private static final String CONFLICT = "Operation cannot be fulfilled on devices.devices.kubeedge.io "
      + "\"thermometer-1\": the object has been modified; please apply your changes to the latest version and try again";
  private static final String NO_ROUTE = "the server could not find the requested resource";

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
  void createOfAnExistingNameIs409AlreadyExists() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));

    JsonObject status = http.postYaml(MODELS, sample("thermometer-model.yaml")).assertStatus(409, "AlreadyExists",
        "devicemodels.devices.kubeedge.io \"thermometer-model\" already exists");

    assertEquals(new JsonObject().put("name", "thermometer-model").put("group", "devices.kubeedge.io")
        .put("kind", "devicemodels"), status.getJsonObject("details"));
    assertEquals("1", version(MODELS + "/thermometer-model"));
  }

  @Test
  void aStaleResourceVersionIs409ConflictForReplaceAndPatch() {
    createThermometer();
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    device.getJsonObject("metadata").put("resourceVersion", "1");

    http.put(DEVICES + "/thermometer-1", "application/json", device.encode()).assertStatus(409, "Conflict", CONFLICT);
    http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"nodeName\":\"x\"}}").assertStatus(409, "Conflict",
        CONFLICT);
    http.patch(DEVICES + "/thermometer-1/status", "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"7\"},\"status\":{\"state\":\"x\"}}").assertStatus(409, "Conflict",
        CONFLICT);
    assertEquals("2", version(DEVICES + "/thermometer-1"));
  }

  @Test
  void aReplaceWithoutResourceVersionIs422AsForEveryCustomResource() {
    createThermometer();
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    device.getJsonObject("metadata").remove("resourceVersion");

    JsonObject status = http.put(DEVICES + "/thermometer-1", "application/json", device.encode()).assertStatus(422,
        "Invalid", "Device.devices.kubeedge.io \"thermometer-1\" is invalid: metadata.resourceVersion: Invalid value: "
            + "0x0: must be specified for an update");

    assertEquals(new JsonObject().put("reason", "FieldValueInvalid").put("field", "metadata.resourceVersion")
        .put("message", "Invalid value: 0x0: must be specified for an update"),
        status.getJsonObject("details").getJsonArray("causes").getJsonObject(0));
  }

  @Test
  void writesToAMissingObjectAre404() {
    String device = sample("thermometer-device.json");
    String notFound = "devices.devices.kubeedge.io \"thermometer-2\" not found";

    http.put(DEVICES + "/thermometer-2", "application/json", device).assertStatus(404, "NotFound", notFound);
    http.patch(DEVICES + "/thermometer-2", "application/merge-patch+json", "{}").assertStatus(404, "NotFound", notFound);
    http.delete(DEVICES + "/thermometer-2").assertStatus(404, "NotFound", notFound);
    http.get(DEVICES + "/thermometer-2/status").assertStatus(404, "NotFound", notFound);
  }

  @Test
  void anInvalidDeviceIs422WithOneCausePerErrorAndIsNotStored() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    String yaml = sample("thermometer-device.yaml").replace("value: \"21\"", "value: \"31\"")
        .replace("value: \"true\"", "value: \"yes\"");

    JsonObject status = http.postYaml(DEVICES, yaml).assertStatus(422, "Invalid",
        "Device.devices.kubeedge.io \"thermometer-1\" is invalid: [spec.properties[1].desired.value: Invalid value: "
            + "\"31\": must be less than or equal to 30, the maximum of property \"setpoint\", "
            + "spec.properties[4].desired.value: Invalid value: \"yes\": must be true or false, as property \"power\" "
            + "is BOOLEAN]");

    JsonArray causes = status.getJsonObject("details").getJsonArray("causes");
    assertEquals(2, causes.size());
    assertEquals(new JsonObject().put("reason", "FieldValueInvalid").put("field", "spec.properties[1].desired.value")
        .put("message", "Invalid value: \"31\": must be less than or equal to 30, the maximum of property "
            + "\"setpoint\""), causes.getJsonObject(0));
    http.get(DEVICES + "/thermometer-1").assertStatus(404, "NotFound",
        "devices.devices.kubeedge.io \"thermometer-1\" not found");
  }

  @Test
  void aDeviceOfAMissingModelIs422() {
    http.postYaml(DEVICES, sample("thermometer-device.yaml")).assertStatus(422, "Invalid",
        "Device.devices.kubeedge.io \"thermometer-1\" is invalid: spec.deviceModelRef.name: Not found: "
            + "\"thermometer-model\": no DeviceModel \"thermometer-model\" in namespace \"default\"");
  }

  @Test
  void anInvalidModelIs422() {
    http.postYaml(MODELS, sample("thermometer-model.yaml").replace("type: INT", "type: LONG")).assertStatus(422,
        "Invalid", "DeviceModel.devices.kubeedge.io \"thermometer-model\" is invalid: spec.properties[1].type: "
            + "Unsupported value: \"LONG\": supported values: \"INT\", \"FLOAT\", \"DOUBLE\", \"STRING\", \"BOOLEAN\", "
            + "\"BYTES\", \"STREAM\"");
  }

  @Test
  void anInvalidStatusIs422AndTheDeviceStaysAsItWas() {
    createThermometer();
    String longValue = "x".repeat(513);

    http.patch(DEVICES + "/thermometer-1/status", "application/merge-patch+json",
        "{\"status\":{\"twins\":[{\"propertyName\":\"temperature\",\"reported\":{\"value\":\"" + longValue + "\"}}]}}")
        .assertStatus(422, "Invalid", "Device.devices.kubeedge.io \"thermometer-1\" is invalid: "
            + "status.twins[0].reported.value: Too long: may not be more than 512 bytes");
    assertEquals("2", version(DEVICES + "/thermometer-1"));
  }

  @Test
  void unknownFieldsFollowFieldValidation() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    String yaml = sample("thermometer-device.yaml").replace("  nodeName: edge-1\n", "  nodeName: edge-1\n  colour: red\n");

    http.post(DEVICES + "?fieldValidation=Strict", "application/yaml", yaml).assertStatus(400, "BadRequest",
        "Device in version \"v1beta1\" cannot be handled as a Device: strict decoding error: unknown field "
            + "\"spec.colour\"");
    http.post(DEVICES + "?fieldValidation=Sloppy", "application/yaml", yaml).assertStatus(400, "BadRequest",
        "fieldValidation: Unsupported value: \"Sloppy\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    Http.Reply warned = http.postYaml(DEVICES, yaml);
    Http.Reply ignored = http.post(DEVICES.replace("default", "lab") + "?fieldValidation=Ignore", "application/yaml",
        yaml.replace("namespace: default", "namespace: lab").replace("thermometer-model", "none"));

    assertEquals(201, warned.status(), warned.body());
    assertEquals(List.of("299 - \"unknown field \\\"spec.colour\\\"\""), warned.headers("Warning"));
    assertFalse(http.get(DEVICES + "/thermometer-1").json().getJsonObject("spec").containsKey("colour"));
    ignored.assertStatus(422, "Invalid", "Device.devices.kubeedge.io \"thermometer-1\" is invalid: "
        + "spec.deviceModelRef.name: Not found: \"none\": no DeviceModel \"none\" in namespace \"lab\"");
    assertEquals(List.of(), ignored.headers("Warning"));
  }

  @Test
  void validationWarningsComeAsWarningHeaders() {
    http.postYaml(MODELS, sample("thermometer-model.yaml"));

    Http.Reply created = http.postYaml(DEVICES, sample("modbus-rtu-device.yaml"));

    assertEquals(201, created.status(), created.body());
    assertEquals(List.of("299 - \"spec.properties[0].collectCycle: 10000000000 is read as nanoseconds (10000 ms); "
        + "write cycles in milliseconds\""), created.headers("Warning"));
  }

  @Test
  void unreadableBodiesAre400WithWhereTheProblemIs() {
    http.postYaml(MODELS, "apiVersion: devices.kubeedge.io/v1beta1\nkind: DeviceModel\nmetadata:\n  name: a: b\n")
        .assertStatus(400, "BadRequest", "invalid YAML at line 4, column 10: mapping values are not allowed here");
    http.postJson(MODELS, "{\"apiVersion\":\"devices.kubeedge.io/v1beta1\",\"kind\":\"DeviceModel\",}")
        .assertStatus(400, "BadRequest", "invalid JSON at kind (line 1, column 66): Unexpected character ('}' (code 125)): "
            + "was expecting double-quote to start field name");
    http.postYaml(DEVICES, sample("thermometer-model.yaml")).assertStatus(400, "BadRequest",
        "kind \"DeviceModel\" does not match the expected kind \"Device\"");
    http.postYaml(DEVICES, sample("lab.yaml")).assertStatus(400, "BadRequest",
        "the request body holds 3 YAML documents: expected one Device");
    http.postJson(DEVICES, "").assertStatus(400, "BadRequest", "the request body is empty: expected a Device");
    http.postJson(DEVICES, "x".repeat((3 << 20) + 1)).assertStatus(413, "RequestEntityTooLarge",
        "the request body is too large");
    assertEquals(0, http.get(MODELS).json().getJsonArray("items").size());
  }

  @Test
  void namesAndNamespacesMustMatchTheUrl() {
    createThermometer();
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();

    http.postYaml(BASE + "/namespaces/lab/devicemodels", sample("thermometer-model.yaml")).assertStatus(400,
        "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    http.put(DEVICES + "/thermometer-9", "application/json", device.encode()).assertStatus(400, "BadRequest",
        "the name of the object (thermometer-1) does not match the name on the URL (thermometer-9)");
    http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json", "{\"metadata\":{\"name\":\"other\"}}")
        .assertStatus(400, "BadRequest", "the name of the object (other) does not match the name on the URL "
            + "(thermometer-1)");
    device.getJsonObject("metadata").put("uid", "0b2a7a3e-0000-4000-8000-000000000000");
    http.put(DEVICES + "/thermometer-1", "application/json", device.encode()).assertStatus(422, "Invalid",
        "Device.devices.kubeedge.io \"thermometer-1\" is invalid: metadata.uid: Invalid value: "
            + "\"0b2a7a3e-0000-4000-8000-000000000000\": field is immutable");
  }

  @Test
  void mediaTypesWeDoNotSpeakAre415Or406() {
    http.post(MODELS, "text/plain", sample("thermometer-model.yaml")).assertStatus(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json, "
            + "application/yaml");
    http.patch(MODELS + "/x", "application/strategic-merge-patch+json", "{}").assertStatus(415,
        "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json (got application/strategic-merge-patch+json)");
    http.send("GET", MODELS, null, null, "text/html").assertStatus(406, "NotAcceptable",
        "only the following media types are accepted: application/json, application/yaml");
  }

  @Test
  void jsonPatchesThatCannotApplyAre422AndMalformedOnes400() {
    createThermometer();
    String path = DEVICES + "/thermometer-1";

    http.patch(path, "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/spec/nodeName\",\"value\":\"edge-2\"}]").assertStatus(422, "Invalid",
        "the JSON patch could not be applied: operation 0 (test /spec/nodeName): the value differs from the one tested");
    http.patch(path, "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/nothing/here\",\"value\":1}]").assertStatus(422, "Invalid",
        "the JSON patch could not be applied: operation 0 (replace /spec/nothing/here): the path /spec/nothing does "
            + "not exist");
    http.patch(path, "application/json-patch+json", "[{\"op\":\"jump\",\"path\":\"/spec\"}]").assertStatus(400,
        "BadRequest", "JSON patch operation 0 has an unknown op \"jump\": expected add, remove, replace, move, copy "
            + "or test");
    http.patch(path, "application/json-patch+json", "{\"op\":\"add\"}").assertStatus(400, "BadRequest",
        "a JSON patch must be a JSON array of operations");
    http.patch(path, "application/merge-patch+json", "[1]").assertStatus(400, "BadRequest",
        "a merge patch must be a JSON object");
    http.patch(path, "application/merge-patch+json", "{\"kind\":\"DeviceModel\"}").assertStatus(400, "BadRequest",
        "kind \"DeviceModel\" does not match the expected kind \"Device\"");
    assertEquals("2", version(path));
  }

  @Test
  void deletePreconditionsThatDoNotHoldAre409() {
    createThermometer();

    http.send("DELETE", DEVICES + "/thermometer-1", "application/json",
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"resourceVersion\":\"1\"}}", null)
        .assertStatus(409, "Conflict", "Operation cannot be fulfilled on devices.devices.kubeedge.io \"thermometer-1\": "
            + "Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: 2");
    Http.Reply deleted = http.send("DELETE", DEVICES + "/thermometer-1", "application/json",
        "{\"preconditions\":{\"resourceVersion\":\"2\"}}", null);

    assertEquals(200, deleted.status(), deleted.body());
  }

  @Test
  void unknownResourcesAndMethodsAreTheRoutersStatuses() {
    http.get(BASE + "/namespaces/default/pods").assertStatus(404, "NotFound", NO_ROUTE);
    http.get(MODELS + "/thermometer-model/status").assertStatus(404, "NotFound", NO_ROUTE);
    http.postYaml(BASE + "/devicemodels", sample("thermometer-model.yaml")).assertStatus(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource");
  }

  @Test
  void malformedQueriesAre400() {
    http.get(DEVICES + "?labelSelector=room+in+lab").assertStatus(400, "BadRequest",
        "unable to parse requirement: found 'lab', expected: '('");
    http.get(DEVICES + "?fieldSelector=spec.colour=red").assertStatus(400, "BadRequest",
        "\"spec.colour\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\", "
            + "\"spec.nodeName\"");
    http.get(MODELS + "?fieldSelector=spec.nodeName=edge-1").assertStatus(400, "BadRequest",
        "\"spec.nodeName\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    http.get(DEVICES + "?limit=-1").assertStatus(400, "BadRequest",
        "limit: Invalid value: \"-1\": must be a non-negative integer");
    http.get(DEVICES + "?limit=1&continue=bm9wZQ").assertStatus(400, "BadRequest",
        "continue key is not valid: not a continue token of this server");
    http.get(DEVICES + "?watch=true&resourceVersion=abc").assertStatus(400, "BadRequest",
        "resourceVersion: Invalid value: \"abc\": must be a non-negative integer");
  }

  private void createThermometer() {
    assertEquals(201, http.postYaml(MODELS, sample("thermometer-model.yaml")).status());
    assertEquals(201, http.postYaml(DEVICES, sample("thermometer-device.yaml")).status());
  }

  private String version(String path) {
    return http.get(path).json().getJsonObject("metadata").getString("resourceVersion");
  }
}
