package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ModelValidationTest {

  private final ResourceValidator validator = new ResourceValidator((namespace, name) -> java.util.Optional.empty());

  private static DeviceModel model(String propertiesLines) {
    return (DeviceModel) DeviceDocuments.readYaml("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceModel
        metadata: {name: thermo-model}
        spec:
          protocol: modbus
          properties:
        """ + propertiesLines.indent(4)).get(0);
  }

  private List<FieldError> errors(Resource resource) {
    return validator.validate(resource).errors();
  }

  private List<String> messages(Resource resource) {
    return errors(resource).stream().map(FieldError::message).toList();
  }

  @Test
  void theSampleModelIsValid() {
    assertEquals(new Validation(List.of(), List.of()), validator.validate(Samples.model()));
  }

  @Test
  void anUnsupportedTypeIsNamedWithTheSupportedOnes() {
    DeviceModel m = model("""
        - {name: a, type: INT, accessMode: ReadWrite}
        - {name: b, type: STRING, accessMode: ReadOnly}
        - {name: c, type: LONG, accessMode: ReadWrite}
        - {name: d, type: int, accessMode: ReadWrite}
        """);
    assertEquals(List.of(
        new FieldError(FieldError.Type.NOT_SUPPORTED, "spec.properties[2].type", "LONG",
            "supported values: \"INT\", \"FLOAT\", \"DOUBLE\", \"STRING\", \"BOOLEAN\", \"BYTES\", \"STREAM\""),
        new FieldError(FieldError.Type.NOT_SUPPORTED, "spec.properties[3].type", "int",
            "supported values: \"INT\", \"FLOAT\", \"DOUBLE\", \"STRING\", \"BOOLEAN\", \"BYTES\", \"STREAM\"")),
        errors(m));
    assertEquals("spec.properties[2].type: Unsupported value: \"LONG\": supported values: \"INT\", \"FLOAT\", \"DOUBLE\", "
        + "\"STRING\", \"BOOLEAN\", \"BYTES\", \"STREAM\"", errors(m).get(0).message());
  }

  @Test
  void typeAndAccessModeAreRequiredAndAccessModeIsOneOfTwo() {
    DeviceModel m = model("""
        - {name: a}
        - {name: b, type: BOOLEAN, accessMode: WriteOnly}
        - {name: c, type: "", accessMode: ReadOnly}
        """);
    assertEquals(List.of("spec.properties[0].type: Required value", "spec.properties[0].accessMode: Required value",
        "spec.properties[1].accessMode: Unsupported value: \"WriteOnly\": supported values: \"ReadWrite\", \"ReadOnly\"",
        "spec.properties[2].type: Required value"), messages(m));
  }

  @Test
  void propertyNamesAreRequiredAndUnique() {
    DeviceModel m = model("""
        - {name: a, type: INT, accessMode: ReadWrite}
        - {name: a, type: INT, accessMode: ReadOnly}
        - {type: INT, accessMode: ReadOnly}
        """);
    assertEquals(List.of("spec.properties[1].name: Duplicate value: \"a\"", "spec.properties[2].name: Required value"),
        messages(m));
  }

  @Test
  void boundsParseAsTheNumericTypeAndMinimumIsNotAboveMaximum() {
    DeviceModel m = model("""
        - {name: a, type: INT, accessMode: ReadWrite, minimum: "1.5", maximum: "10"}
        - {name: b, type: DOUBLE, accessMode: ReadWrite, minimum: "-1e3", maximum: "high"}
        - {name: c, type: FLOAT, accessMode: ReadWrite, minimum: "5", maximum: "4.99"}
        - {name: d, type: STRING, accessMode: ReadWrite, minimum: "a", maximum: "z"}
        - {name: e, type: INT, accessMode: ReadWrite, minimum: "-5", maximum: "-5"}
        """);
    assertEquals(List.of(
        "spec.properties[0].minimum: Invalid value: \"1.5\": must be a 64-bit integer, as the property's type is INT",
        "spec.properties[1].maximum: Invalid value: \"high\": must be a number, as the property's type is DOUBLE",
        "spec.properties[2].maximum: Invalid value: \"4.99\": must be greater than or equal to minimum \"5\""), messages(m));
  }

  @Test
  void aModelIsCheckedForItsMetadataToo() {
    DeviceModel m = (DeviceModel) DeviceDocuments.readYaml("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceModel
        metadata: {name: Thermo.Model}
        spec: {protocol: modbus}
        """).get(0);
    assertEquals(List.of("metadata.name"), errors(m).stream().map(FieldError::field).toList());
  }
}
