package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FieldValidationTest {

  /** Unknown fields at several depths, and unknown members of free-form fields (which are not unknown). */
  private static final String WITH_UNKNOWN_FIELDS = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: Device
      metadata:
        name: thermo-1
        flavour: vanilla
      spec:
        deviceModelRef: {name: thermometer-model, namespace: other}
        colour: red
        protocol:
          protocolName: modbus
          configData: {anything: [1, 2], goes: {here: true}}
        properties:
        - name: setpoint
          desired: {value: "21", note: hi}
          visitors: {protocolName: modbus, configData: {register: HoldingRegister, vendorExtra: 1}}
          pushMethod:
            mqtt: {topic: t, qos: 1, keepAlive: 30}
            anomalyDetection: {free: form}
      status:
        twins:
        - propertyName: setpoint
          reported: {value: "21", extra: x}
      """;

  private static Device withUnknownFields() { return Samples.device(WITH_UNKNOWN_FIELDS); }

  @Test
  void strictRefusesNamingEveryUnknownField() {
    assertEquals("Device in version \"v1beta1\" cannot be handled as a Device: strict decoding error: "
        + "unknown field \"metadata.flavour\", unknown field \"spec.deviceModelRef.namespace\", unknown field \"spec.colour\", "
        + "unknown field \"spec.properties[0].desired.note\", unknown field \"spec.properties[0].pushMethod.mqtt.keepAlive\", "
        + "unknown field \"status.twins[0].reported.extra\"",
        Samples.badRequest(() -> FieldValidation.STRICT.apply(withUnknownFields())).getMessage());
  }

  @Test
  void warnDropsUnknownFieldsAndWarnsAboutEach() {
    Admitted<Device> admitted = FieldValidation.WARN.apply(withUnknownFields());

    assertEquals(List.of("unknown field \"metadata.flavour\"", "unknown field \"spec.deviceModelRef.namespace\"",
        "unknown field \"spec.colour\"", "unknown field \"spec.properties[0].desired.note\"",
        "unknown field \"spec.properties[0].pushMethod.mqtt.keepAlive\"", "unknown field \"status.twins[0].reported.extra\""),
        admitted.warnings());
    Device kept = admitted.resource();
    assertNull(kept.get("metadata", "flavour"));
    assertNull(kept.get("spec", "colour"));
    assertEquals(Map.of("name", "thermometer-model"), kept.get("spec", "deviceModelRef"));
    assertEquals(Map.of("value", "21"), Samples.at(kept, "spec", "properties", 0, "desired"));
    assertEquals(Map.of("topic", "t", "qos", 1L), kept.properties().get(0).pushMethod().get("mqtt"));
    assertEquals(Map.of("value", "21"), Samples.at(kept, "status", "twins", 0, "reported"));
  }

  @Test
  void freeFormFieldsKeepWhatTheyHoldUnderEveryDirective() {
    for (FieldValidation directive : List.of(FieldValidation.WARN, FieldValidation.IGNORE)) {
      Device kept = directive.apply(withUnknownFields()).resource();
      assertEquals(Map.of("anything", List.of(1L, 2L), "goes", Map.of("here", true)), kept.protocolConfigData());
      assertEquals(Map.of("register", "HoldingRegister", "vendorExtra", 1L), kept.properties().get(0).visitors().configData());
      assertEquals(Map.of("free", "form"), kept.properties().get(0).pushMethod().get("anomalyDetection"));
    }
    Device model = Samples.device(Samples.text("modbus-rtu-device.yaml"));
    assertSame(model, FieldValidation.STRICT.apply(model).resource(), "nothing unknown in the mappers-go layout");
  }

  @Test
  void ignoreDropsUnknownFieldsSilently() {
    Admitted<Device> admitted = FieldValidation.IGNORE.apply(withUnknownFields());
    assertEquals(List.of(), admitted.warnings());
    assertEquals(FieldValidation.WARN.apply(withUnknownFields()).resource(), admitted.resource());
    assertNull(admitted.resource().get("spec", "colour"));
  }

  @Test
  void everySampleIsAcceptedUnderStrictUnchanged() {
    for (String sample : List.of("thermometer-model.yaml", "thermometer-device.yaml", "modbus-rtu-device.yaml",
        "thermometer-status.yaml", "lab.yaml")) {
      for (Resource r : Samples.all(sample)) {
        Admitted<Resource> admitted = FieldValidation.STRICT.apply(r);
        assertSame(r, admitted.resource(), sample);
        assertEquals(List.of(), admitted.warnings(), sample);
      }
    }
  }

  @Test
  void duplicateFieldsAreRefusedUnderStrictAndWarnedAboutUnderWarn() {
    Device twice = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: a, name: b}
        spec: {nodeName: edge-1, shape: round}
        """);
    assertEquals("Device in version \"v1beta1\" cannot be handled as a Device: strict decoding error: "
        + "unknown field \"spec.shape\", duplicate field \"metadata.name\"",
        Samples.badRequest(() -> FieldValidation.STRICT.apply(twice)).getMessage());
    Admitted<Device> warned = FieldValidation.WARN.apply(twice);
    assertEquals(List.of("unknown field \"spec.shape\"", "duplicate field \"metadata.name\""), warned.warnings());
    assertEquals("b", warned.resource().name());
  }

  @Test
  void whatEachKindKnowsFollowsItsGoType() {
    Resource model = DeviceDocuments.readYaml("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceModel
        metadata: {name: m}
        spec: {protocol: modbus, protocolConfigData: {x: 1}, properties: [{name: p, type: INT, accessMode: ReadOnly, visitors: {protocolName: modbus}}]}
        status: {state: online}
        """).get(0);
    assertEquals(List.of("unknown field \"status\""), FieldValidation.WARN.apply(model).warnings());

    Resource status = DeviceDocuments.readYaml("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: DeviceStatus
        metadata: {name: d}
        spec: {nodeName: edge-1}
        status: {state: online, reportCycle: 5, extensions: {any: thing}}
        """).get(0);
    assertEquals(List.of("unknown field \"spec.nodeName\"", "unknown field \"status.reportCycle\""),
        FieldValidation.WARN.apply(status).warnings());
  }

  @Test
  void theDirectiveIsReadAsKubernetesSpellsIt() {
    assertEquals(FieldValidation.WARN, FieldValidation.parse(null));
    assertEquals(FieldValidation.WARN, FieldValidation.parse(""));
    assertEquals(FieldValidation.STRICT, FieldValidation.parse("Strict"));
    assertEquals(FieldValidation.WARN, FieldValidation.parse("Warn"));
    assertEquals(FieldValidation.IGNORE, FieldValidation.parse("Ignore"));
    assertEquals("fieldValidation: Unsupported value: \"strict\": supported values: \"Ignore\", \"Strict\", \"Warn\"",
        Samples.badRequest(() -> FieldValidation.parse("strict")).getMessage());
  }
}
