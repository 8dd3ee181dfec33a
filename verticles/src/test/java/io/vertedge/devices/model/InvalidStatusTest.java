package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertedge.api.ApiException;
import io.vertedge.api.StatusJson;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A refused resource as the API will answer it: a Kubernetes {@code Status} 422 (API.md section 5). */
@Timeout(10)
class InvalidStatusTest {

  private static DeviceModel modelWithTypes(String... types) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceModel
        metadata: {name: thermo-1, namespace: default}
        spec:
          properties:
        """);
    for (int i = 0; i < types.length; i++) {
      yaml.append("  - {name: p").append(i).append(", type: ").append(types[i]).append(", accessMode: ReadWrite}\n");
    }
    return (DeviceModel) DeviceDocuments.readYaml(yaml.toString()).get(0);
  }

  private static ApiException refusal(Resource resource) {
    Validation validation = new ResourceValidator(ModelLookup.of(List.of(Samples.model()))).validate(resource);
    return org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> validation.throwIfInvalid(resource));
  }

  @Test
  void oneErrorIsAStatusShapedAsApiMdShowsIt() {
    ApiException e = refusal(modelWithTypes("INT", "STRING", "LONG"));

    assertEquals(422, e.code());
    assertEquals(new JsonObject("""
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":422,"reason":"Invalid",
         "message":"DeviceModel.devices.kubeedge.io \\"thermo-1\\" is invalid: spec.properties[2].type: Unsupported value: \\"LONG\\": supported values: \\"INT\\", \\"FLOAT\\", \\"DOUBLE\\", \\"STRING\\", \\"BOOLEAN\\", \\"BYTES\\", \\"STREAM\\"",
         "details":{"name":"thermo-1","group":"devices.kubeedge.io","kind":"devicemodels",
           "causes":[{"reason":"FieldValueNotSupported","field":"spec.properties[2].type",
             "message":"Unsupported value: \\"LONG\\": supported values: \\"INT\\", \\"FLOAT\\", \\"DOUBLE\\", \\"STRING\\", \\"BOOLEAN\\", \\"BYTES\\", \\"STREAM\\""}]}}
        """), StatusJson.of(e));
  }

  @Test
  void severalErrorsAreListedInBracketsOnceEach() {
    Device device = Samples.device().with(List.of("metadata", "name"), "Thermo_1")
        .with(List.of("spec", "deviceModelRef", "name"), "");
    ApiException e = refusal(device);
    assertEquals("Device.devices.kubeedge.io \"Thermo_1\" is invalid: [metadata.name: Invalid value: \"Thermo_1\": "
        + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
        + "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), spec.deviceModelRef.name: Required value]",
        e.getMessage());
    assertEquals(new ApiException.Details("Thermo_1", "devices.kubeedge.io", "devices", List.of(
        new ApiException.Cause("FieldValueInvalid", "metadata.name", e.details().causes().get(0).message()),
        new ApiException.Cause("FieldValueRequired", "spec.deviceModelRef.name", "Required value"))), e.details());

    Device twice = Samples.device().with(List.of("metadata", "labels"), java.util.Map.of("a", "two words", "b", "two words"));
    ApiException repeated = refusal(twice);
    assertEquals(2, repeated.details().causes().size(), "every cause is kept");
    assertEquals("Device.devices.kubeedge.io \"thermometer-1\" is invalid: " + repeated.details().causes().get(0).field()
        + ": " + repeated.details().causes().get(0).message(), repeated.getMessage(), "the message says it once, no brackets");
  }

  @Test
  void aValidResourceDoesNotThrow() {
    Validation ok = new ResourceValidator(ModelLookup.of(List.of(Samples.model()))).validate(Samples.device());
    ok.throwIfInvalid(Samples.device());
    assertEquals(true, ok.valid());
  }
}
