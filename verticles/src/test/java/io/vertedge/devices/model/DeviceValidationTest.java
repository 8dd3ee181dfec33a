package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeviceValidationTest {

  private final ResourceValidator validator = new ResourceValidator(ModelLookup.of(List.of(Samples.model())));

  /** A device of the sample model with the given {@code spec} lines (indented by 2). */
  private static Device device(String specLines) {
    return Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: thermo-1, namespace: default}
        spec:
          deviceModelRef: {name: thermometer-model}
        """ + specLines.indent(2));
  }

  private List<String> errors(Resource resource) {
    return validator.validate(resource).errors().stream().map(FieldError::message).toList();
  }

  private List<String> reasons(Resource resource) {
    return validator.validate(resource).errors().stream().map(e -> e.toCause().reason()).toList();
  }

  @Test
  void theSampleDevicesAreValid() {
    assertEquals(new Validation(List.of(), List.of()), validator.validate(Samples.device()));
    for (Resource r : Samples.all("lab.yaml")) {
      assertEquals(List.of(), new ResourceValidator(ModelLookup.of(List.of((DeviceModel) Samples.all("lab.yaml").get(0))))
          .validate(r).errors(), r.toString());
    }
    Validation meter = validator.validate(Samples.one("modbus-rtu-device.yaml", Device.class));
    assertEquals(List.of(), meter.errors(), "no namespace: the model is looked up in \"default\"");
    assertEquals(List.of("spec.properties[0].collectCycle: 10000000000 is read as nanoseconds (10000 ms); "
        + "write cycles in milliseconds"), meter.warnings());
  }

  @Test
  void aMissingModelIsNotFound() {
    Device orphan = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: thermo-1, namespace: plant-3}
        spec:
          deviceModelRef: {name: thermometer-model}
          properties: [{name: anything, desired: {value: "x"}}]
        """);
    assertEquals(List.of("spec.deviceModelRef.name: Not found: \"thermometer-model\": "
        + "no DeviceModel \"thermometer-model\" in namespace \"plant-3\""), errors(orphan));
    assertEquals(List.of("FieldValueNotFound"), reasons(orphan));
  }

  @Test
  void aDeviceWithoutAModelReferenceIsRefused() {
    Device none = Samples.device("apiVersion: devices.kubeedge.io/v1beta1\nkind: Device\nmetadata: {name: d}\nspec: {nodeName: edge-1}\n");
    assertEquals(List.of("spec.deviceModelRef.name: Required value"), errors(none));
    assertEquals(List.of("FieldValueRequired"), reasons(none));
    assertEquals(List.of("spec.deviceModelRef.name: Required value"),
        errors(none.with(List.of("spec", "deviceModelRef", "name"), "")));
  }

  @Test
  void aPropertyNotInTheModelIsNotFound() {
    Device d = device("properties:\n- name: setpoint\n- name: humidity\n  desired: {value: \"50\"}\n");
    assertEquals(List.of("spec.properties[1].name: Not found: \"humidity\": not a property of DeviceModel \"thermometer-model\""),
        errors(d));
  }

  @Test
  void propertiesAreNamedOnceEach() {
    Device d = device("properties:\n- name: setpoint\n- name: setpoint\n- desired: {value: \"1\"}\n");
    assertEquals(List.of("spec.properties[1].name: Duplicate value: \"setpoint\"", "spec.properties[2].name: Required value"),
        errors(d));
    assertEquals(List.of("FieldValueDuplicate", "FieldValueRequired"), reasons(d));
  }

  @Test
  void aDesiredValueMustParseAsThePropertysType() {
    Device d = device("""
        properties:
        - {name: setpoint, desired: {value: "21.5"}}
        - {name: gain, desired: {value: "fast"}}
        - {name: power, desired: {value: "yes"}}
        - {name: label, desired: {value: "anything at all"}}
        - {name: calibration, desired: {value: "\\u0001\\u0002"}}
        """);
    assertEquals(List.of(
        "spec.properties[0].desired.value: Invalid value: \"21.5\": must be a 64-bit integer, as property \"setpoint\" is INT",
        "spec.properties[1].desired.value: Invalid value: \"fast\": must be a number, as property \"gain\" is FLOAT",
        "spec.properties[2].desired.value: Invalid value: \"yes\": must be true or false, as property \"power\" is BOOLEAN"),
        errors(d));
    assertEquals(List.of("FieldValueInvalid", "FieldValueInvalid", "FieldValueInvalid"), reasons(d));
  }

  @Test
  void aDesiredValueMustLieWithinMinimumAndMaximum() {
    Device d = device("""
        properties:
        - {name: setpoint, desired: {value: "31"}}
        - {name: gain, desired: {value: "0.49"}}
        """);
    assertEquals(List.of(
        "spec.properties[0].desired.value: Invalid value: \"31\": must be less than or equal to 30, the maximum of property \"setpoint\"",
        "spec.properties[1].desired.value: Invalid value: \"0.49\": must be greater than or equal to 0.5, the minimum of property \"gain\""),
        errors(d));
    assertEquals(List.of(), errors(device("properties:\n- {name: setpoint, desired: {value: \"30\"}}\n- {name: gain, desired: {value: \"0.5\"}}\n")),
        "the bounds themselves are allowed");
  }

  @Test
  void aDesiredValueOnAReadOnlyPropertyIsForbidden() {
    Device d = device("properties:\n- {name: temperature, desired: {value: \"20\"}}\n");
    assertEquals(List.of("spec.properties[0].desired.value: Forbidden: property \"temperature\" is ReadOnly in DeviceModel \"thermometer-model\""),
        errors(d));
    assertEquals(List.of("FieldValueForbidden"), reasons(d));
    assertEquals(List.of(), errors(device("properties:\n- {name: temperature, desired: {value: \"\"}}\n")),
        "an empty value is none: KubeEdge writes desired: {value: \"\"} for every property");
  }

  @Test
  void aDesiredValueIsAtMost512BytesOfUtf8() {
    String max = "é".repeat(256);             // 512 bytes
    String over = "é".repeat(256) + "x";      // 513 bytes, 257 characters
    assertEquals(List.of(), errors(device("properties:\n- {name: label, desired: {value: \"" + max + "\"}}\n")));
    Device d = device("properties:\n- {name: label, desired: {value: \"" + over + "\"}}\n"
        + "- {name: humidity, desired: {value: \"" + over + "\"}}\n");
    assertEquals(List.of("spec.properties[0].desired.value: Too long: may not be more than 512 bytes",
        "spec.properties[1].name: Not found: \"humidity\": not a property of DeviceModel \"thermometer-model\"",
        "spec.properties[1].desired.value: Too long: may not be more than 512 bytes"), errors(d));
    assertEquals("FieldValueTooLong", reasons(d).get(0));
  }

  @Test
  void cyclesAreNotNegativeAndLargeOnesAreReadAsNanoseconds() {
    Device d = device("""
        stateReport: {reportToCloud: true, reportCycle: 20000000000}
        properties:
        - {name: setpoint, reportCycle: -1, collectCycle: 999999999}
        - {name: gain, reportCycle: 1000000000, collectCycle: 0}
        """);
    Validation v = validator.validate(d);
    assertEquals(List.of("spec.properties[0].reportCycle: Invalid value: -1: must be greater than or equal to 0"),
        v.errors().stream().map(FieldError::message).toList());
    assertEquals(List.of(
        "spec.properties[1].reportCycle: 1000000000 is read as nanoseconds (1000 ms); write cycles in milliseconds",
        "spec.stateReport.reportCycle: 20000000000 is read as nanoseconds (20000 ms); write cycles in milliseconds"),
        v.warnings());
  }

  @Test
  void mqttPushQosIsZeroOneOrTwo() {
    assertEquals(List.of("spec.properties[0].pushMethod.mqtt.qos: Unsupported value: 3: supported values: \"0\", \"1\", \"2\""),
        errors(device("properties:\n- {name: setpoint, pushMethod: {mqtt: {topic: t, qos: 3}}}\n")));
    assertEquals(List.of(), errors(device("properties:\n- {name: setpoint, pushMethod: {mqtt: {topic: t, qos: 2}}}\n")));
  }

  @Test
  void pushPayloadIsKubeedgeOrJson() {
    assertEquals(List.of("spec.properties[0].pushMethod.http.payload: Unsupported value: \"xml\": supported values: \"kubeedge\", \"json\""),
        errors(device("properties:\n- {name: setpoint, pushMethod: {http: {hostName: h, payload: xml}, mqtt: {payload: json}}}\n")));
  }

  @Test
  void methodsAreNamedOnceAndActOnModelProperties() {
    Device d = device("""
        methods:
        - {name: reset, propertyNames: [setpoint, humidity]}
        - {name: reset}
        - {description: nameless}
        """);
    assertEquals(List.of(
        "spec.methods[0].propertyNames[1]: Not found: \"humidity\": not a property of DeviceModel \"thermometer-model\"",
        "spec.methods[1].name: Duplicate value: \"reset\"", "spec.methods[2].name: Required value"), errors(d));
  }

  @Test
  void theNodeNameIsADns1123Subdomain() {
    assertEquals(List.of("spec.nodeName: Invalid value: \"Edge_1\": a lowercase RFC 1123 subdomain must consist of lower case "
        + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
        + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        errors(device("nodeName: Edge_1\n")));
    assertEquals(List.of(), errors(device("nodeName: edge-1.plant-3\n")));
  }

  @Test
  void anyProtocolNameIsAccepted() {
    assertEquals(List.of(), errors(device("protocol: {protocolName: my-own-bus, configData: {whatever: [1]}}\n")));
    assertEquals(List.of(), errors(device("protocol: {}\n")));
  }

  @Test
  void reportedTwinsInTheDeviceStatusAreChecked() {
    Device d = device("properties: []\n").with(List.of("status", "twins"), List.of(
        java.util.Map.of("propertyName", "setpoint", "reported", java.util.Map.of("value", "x".repeat(513))),
        java.util.Map.of("propertyName", "setpoint"),
        java.util.Map.of("observedDesired", java.util.Map.of("value", "1"))));
    assertEquals(List.of("status.twins[0].reported.value: Too long: may not be more than 512 bytes",
        "status.twins[1].propertyName: Duplicate value: \"setpoint\"", "status.twins[2].propertyName: Required value"),
        errors(d));
  }
}
