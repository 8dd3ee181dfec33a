package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Values of the wrong JSON type in known fields, refused as the CRD schema would. */
@Timeout(10)
class SchemaTypesTest {

  private final ResourceValidator validator = new ResourceValidator(ModelLookup.of(List.of(Samples.model())));

  private List<FieldError> errors(String yaml) {
    return validator.validate(DeviceDocuments.readYaml(yaml).get(0)).errors();
  }

  @Test
  void anUnquotedNumberWhereTextIsExpectedIsATypeError() {
    List<FieldError> errors = errors("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: thermo-1}
        spec:
          deviceModelRef: {name: thermometer-model}
          properties:
          - name: setpoint
            desired: {value: 25}
        """);
    assertEquals(List.of(new FieldError(FieldError.Type.TYPE_INVALID, "spec.properties[0].desired.value", "integer",
        "spec.properties[0].desired.value in body must be of type string: \"integer\"")), errors);
    assertEquals("spec.properties[0].desired.value: Invalid value: \"integer\": spec.properties[0].desired.value "
        + "in body must be of type string: \"integer\"", errors.get(0).message());
    assertEquals("FieldValueTypeInvalid", errors.get(0).toCause().reason());
  }

  @Test
  void everyKnownFieldHasItsType() {
    List<String> messages = errors("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: thermo-1, labels: {a: 1}, generation: "3", finalizers: x}
        spec:
          deviceModelRef: thermometer-model
          nodeName: [edge-1]
          protocol: {protocolName: modbus, configData: [1]}
          stateReport: {reportToCloud: "yes", reportCycle: 1.5}
          properties:
          - name: setpoint
            reportCycle: "1s"
            pushMethod: {http: {port: "80"}, mqtt: {retained: 1}}
          - just-a-string
        status: {twins: {}, state: 1}
        """).stream().map(FieldError::message).toList();
    assertEquals(List.of(
        "metadata.labels.a: Invalid value: \"integer\": metadata.labels.a in body must be of type string: \"integer\"",
        "metadata.generation: Invalid value: \"string\": metadata.generation in body must be of type integer: \"string\"",
        "metadata.finalizers: Invalid value: \"string\": metadata.finalizers in body must be of type array: \"string\"",
        "spec.deviceModelRef: Invalid value: \"string\": spec.deviceModelRef in body must be of type object: \"string\"",
        "spec.nodeName: Invalid value: \"array\": spec.nodeName in body must be of type string: \"array\"",
        "spec.protocol.configData: Invalid value: \"array\": spec.protocol.configData in body must be of type object: \"array\"",
        "spec.stateReport.reportToCloud: Invalid value: \"string\": spec.stateReport.reportToCloud in body must be of type boolean: \"string\"",
        "spec.stateReport.reportCycle: Invalid value: \"number\": spec.stateReport.reportCycle in body must be of type integer: \"number\"",
        "spec.properties[0].reportCycle: Invalid value: \"string\": spec.properties[0].reportCycle in body must be of type integer: \"string\"",
        "spec.properties[0].pushMethod.http.port: Invalid value: \"string\": spec.properties[0].pushMethod.http.port in body must be of type integer: \"string\"",
        "spec.properties[0].pushMethod.mqtt.retained: Invalid value: \"integer\": spec.properties[0].pushMethod.mqtt.retained in body must be of type boolean: \"integer\"",
        "spec.properties[1]: Invalid value: \"string\": spec.properties[1] in body must be of type object: \"string\"",
        "status.twins: Invalid value: \"object\": status.twins in body must be of type array: \"object\"",
        "status.state: Invalid value: \"integer\": status.state in body must be of type string: \"integer\"",
        "spec.deviceModelRef.name: Required value"), messages);
  }

  @Test
  void nullIsAsGoodAsAbsentAndHugeIntegersAreRefused() {
    assertEquals(List.of(), errors("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: thermo-1, labels: null}
        spec: {deviceModelRef: {name: thermometer-model}, nodeName: ~, properties: [{name: setpoint, desired: null}]}
        """));
    assertEquals(List.of("spec.properties[0].reportCycle: Invalid value: 99999999999999999999: must fit in a 64-bit integer"),
        errors("""
            apiVersion: devices.kubeedge.io/v1beta1
            kind: Device
            metadata: {name: thermo-1}
            spec: {deviceModelRef: {name: thermometer-model}, properties: [{name: setpoint, reportCycle: 99999999999999999999}]}
            """).stream().map(FieldError::message).toList());
  }

  @Test
  void aDeviceStatusIsCheckedLikeTheStatusInsideADevice() {
    assertEquals(List.of(), validator.validate(Samples.one("thermometer-status.yaml", DeviceStatus.class)).errors());
    List<String> messages = errors("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceStatus
        metadata: {name: thermo-1}
        status:
          twins:
          - {propertyName: a, observedDesired: {value: "%s"}}
          - {propertyName: a}
          extensions: [not, an, object]
        """.formatted("x".repeat(513))).stream().map(FieldError::message).toList();
    assertEquals(List.of(
        "status.extensions: Invalid value: \"array\": status.extensions in body must be of type object: \"array\"",
        "status.twins[0].observedDesired.value: Too long: may not be more than 512 bytes",
        "status.twins[1].propertyName: Duplicate value: \"a\""), messages);
  }
}
