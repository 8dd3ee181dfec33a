package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DocumentReadingTest {

  @Test
  void aDeviceReadsWithEveryTypedFieldOfTheContract() {
    Device device = Samples.device();

    ObjectMeta meta = device.metadata();
    assertEquals("thermometer-1", meta.name());
    assertEquals("default", meta.namespace());
    assertEquals(Map.of("room", "lab-2", "app.kubernetes.io/part-of", "hvac"), meta.labels());
    assertEquals(Map.of("note", "first floor"), meta.annotations());
    assertEquals("4c6f1c3e-8a83-4f5e-9d6b-2f4e0c1d9a77", meta.uid());
    assertEquals("42", meta.resourceVersion());
    assertEquals(3L, meta.generation());
    assertEquals("2026-11-25T10:00:00Z", meta.creationTimestamp(), "a timestamp stays text, as in Kubernetes");
    assertNull(meta.generateName());

    assertEquals("thermometer-model", device.modelName());
    assertEquals("edge-1", device.nodeName());
    assertEquals("modbus", device.protocolName());
    assertEquals(Map.of("ip", "192.168.1.20", "port", 502L, "slaveID", 1L), device.protocolConfigData());
    assertEquals(new StateReport(true, 10000L), device.stateReport());
    assertEquals(List.of(new DeviceMethod("set-comfort", "Set a comfortable temperature", List.of("setpoint", "power"))),
        device.methods());
  }

  @Test
  void deviceProperties() {
    List<DeviceProperty> properties = Samples.device().properties();
    assertEquals(List.of("temperature", "setpoint", "gain", "label", "power"),
        properties.stream().map(DeviceProperty::name).toList());

    DeviceProperty temperature = properties.get(0);
    assertEquals(TwinValue.EMPTY, temperature.desired());
    assertFalse(temperature.desired().isSet());
    assertEquals("modbus", temperature.visitors().protocolName());
    assertEquals(Map.of("register", "InputRegister", "offset", 0L, "limit", 1L, "scale", 0.1,
        "isSwap", true, "isRegisterSwap", false), temperature.visitors().configData());
    assertEquals(2000L, temperature.reportCycle());
    assertEquals(1000L, temperature.collectCycle());
    assertEquals(Boolean.TRUE, temperature.reportToCloud());
    assertEquals(Map.of("address", "tcp://127.0.0.1:1883", "topic", "lab/temperature", "qos", 1L, "retained", false),
        temperature.pushMethod().get("mqtt"));
    assertEquals(Duration.ofSeconds(2), temperature.reportInterval());

    DeviceProperty setpoint = properties.get(1);
    assertEquals(new TwinValue("21", Map.of("type", "int", "timestamp", "1764064800000")), setpoint.desired());
    assertTrue(setpoint.desired().isSet());
    assertNull(setpoint.reportCycle());
    assertNull(setpoint.reportToCloud());
    assertEquals(Duration.ofSeconds(1), setpoint.reportInterval(), "no cycle: the mapper framework's 1 s");
    assertEquals(Map.of("algorithm", "zscore", "threshold", 3.5), setpoint.pushMethod().get("anomalyDetection"));
    assertEquals(Map.of(), properties.get(2).visitors().configData());
    assertNull(properties.get(2).visitors().protocolName());
    assertEquals(Map.of("mysql", Map.of("mysqlClientConfig", Map.of("addr", "127.0.0.1:3306", "database", "lab", "userName", "mapper"))),
        properties.get(4).pushMethod().get("dbMethod"));
    assertEquals("Lab 2, north wall", Samples.device().property("label").orElseThrow().desired().value());
    assertTrue(Samples.device().property("humidity").isEmpty());
  }

  @Test
  void aDeviceStatusInsideTheDeviceReadsAsKubeEdge122WroteIt() {
    ReportedStatus status = Samples.device().status();
    assertEquals(List.of(new Twin("temperature",
        new TwinValue("21.5", Map.of("timestamp", "1764064800000", "type", "double")),
        new TwinValue("", Map.of()))), status.twins());
    assertEquals("online", status.state());
    assertEquals("2026-11-25T10:05:00Z", status.lastOnlineTime());
    assertNull(status.reportToCloud());
  }

  @Test
  void theMappersGoLayoutAndTheKubeEdge123StatusRead() {
    Device meter = Samples.one("modbus-rtu-device.yaml", Device.class);
    assertNull(meter.namespace());
    assertEquals(Map.of("serialPort", "/dev/ttyS0", "baudRate", 9600L, "dataBits", 8L, "parity", "even", "stopBits", 1L),
        meter.protocolConfigData().get("com"));
    assertEquals(Map.of("serialNumber", "0042", "tags", List.of("a", "b")), meter.protocolConfigData().get("customizedValues"));
    assertEquals(Boolean.TRUE, meter.status().reportToCloud());
    assertEquals(5000L, meter.status().reportCycle());
    assertEquals(List.of(), meter.status().twins());
    assertEquals(Duration.ofSeconds(10), meter.properties().get(0).collectInterval(), "10^10 is read as nanoseconds");
    assertEquals(new StateReport(null, null), meter.stateReport());
  }

  @Test
  void aDeviceModelReadsWithEveryFieldOfTheContract() {
    DeviceModel model = Samples.model();
    assertEquals("modbus", model.protocol());
    assertEquals(Map.of("timeout", 500L, "retries", 3L), model.protocolConfigData());
    assertEquals(new ModelProperty("temperature", "Ambient temperature", "DOUBLE", "ReadOnly", "-40", "125", "°C",
        new VisitorConfig("modbus", Map.of("register", "InputRegister", "offset", 0L, "limit", 1L, "scale", 0.1,
            "isSwap", false, "isRegisterSwap", false))), model.properties().get(0));
    ModelProperty temperature = model.property("temperature").orElseThrow();
    assertEquals(PropertyType.DOUBLE, temperature.propertyType().orElseThrow());
    assertEquals(AccessMode.READ_ONLY, temperature.accessModeValue().orElseThrow());
    assertTrue(temperature.readOnly());
    assertFalse(model.property("setpoint").orElseThrow().readOnly());
    assertEquals(List.of("DOUBLE", "INT", "FLOAT", "STRING", "BOOLEAN", "BYTES", "STREAM"),
        model.properties().stream().map(ModelProperty::type).toList());
    assertEquals(new VisitorConfig(null, Map.of()), model.property("label").orElseThrow().visitors());
  }

  @Test
  void aSeparateDeviceStatusReads() {
    DeviceStatus status = Samples.one("thermometer-status.yaml", DeviceStatus.class);
    assertEquals(ResourceKind.DEVICE_STATUS, status.kind());
    assertEquals(2, status.status().twins().size());
    assertEquals(new TwinValue("21", Map.of("timestamp", "1764064800000")), status.status().twins().get(1).observedDesired());
    assertEquals(Map.of("firmware", "1.4.2", "signal", Map.of("rssi", -61L)), status.status().extensions());
    assertEquals(Map.of(), status.get("spec"));
    assertEquals(1, ((List<?>) status.get("metadata", "ownerReferences")).size());
  }

  @Test
  void aMultiDocumentStreamReadsInOrderSkippingEmptyDocuments() {
    List<Resource> lab = Samples.all("lab.yaml");
    assertEquals(List.of("DeviceModel switch-model", "Device switch-1", "Device switch-2"),
        lab.stream().map(Resource::toString).toList());
    assertEquals(List.of(), DeviceDocuments.readYaml("# nothing\n---\n---\n"));
    assertEquals(List.of(), DeviceDocuments.readYaml(""));
  }

  @Test
  void jsonReadsIntoTheSameTree() {
    Device json = (Device) DeviceDocuments.readJson(Samples.text("thermometer-device.json"));
    assertEquals("thermometer-2", json.name());
    assertEquals(Map.of("tcp", Map.of("ip", "192.168.1.21", "port", 502L), "slaveID", 2L), json.protocolConfigData());
    assertEquals(1.0, json.properties().get(0).visitors().configData().get("scale"));
    assertEquals(Boolean.FALSE, json.properties().get(0).reportToCloud());
    assertEquals(List.of("apiVersion", "kind", "metadata", "spec"), List.copyOf(json.document().keySet()),
        "document order kept");
  }

  @Test
  void yamlScalarsResolveAsKubernetesReadsThem() {
    Device d = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        spec:
          protocol:
            configData: {a: on, b: 0x10, c: 1_000, d: '0x10', e: 2024-01-01, f: ~, g: !!str 123, h: 1.5,
                         i: 12345678901234567890123, 1: one, true: x, k: "yes", l: null}
        """);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", true);
    expected.put("b", 16L);
    expected.put("c", 1000L);
    expected.put("d", "0x10");
    expected.put("e", "2024-01-01");
    expected.put("f", null);
    expected.put("g", "123");
    expected.put("h", 1.5);
    expected.put("i", new BigInteger("12345678901234567890123"));
    expected.put("1", "one");
    expected.put("true", "x");
    expected.put("k", "yes");
    expected.put("l", null);
    assertEquals(expected, d.protocolConfigData());
  }

  @Test
  void anchorsAndMergeKeysApplyWithExplicitKeysWinning() {
    Device d = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        spec:
          properties:
          - name: a
            visitors: &modbus
              protocolName: modbus
              configData: {register: HoldingRegister, limit: 1}
          - name: b
            visitors:
              <<: *modbus
              protocolName: modbus-rtu
        """);
    assertEquals(d.properties().get(0).visitors().configData(), d.properties().get(1).visitors().configData());
    assertEquals("modbus-rtu", d.properties().get(1).visitors().protocolName());
    assertEquals(List.of(), d.duplicateFields(), "a merged key overridden is not a duplicate");
  }

  @Test
  void duplicateFieldsKeepTheLastValueAndAreRecorded() {
    Device yaml = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata:
          name: first
          name: second
        spec:
          properties:
          - name: a
            reportCycle: 1
            reportCycle: 2
        """);
    assertEquals("second", yaml.name());
    assertEquals(2L, yaml.properties().get(0).reportCycle());
    assertEquals(List.of("metadata.name", "spec.properties[0].reportCycle"), yaml.duplicateFields());

    Resource json = DeviceDocuments.readJson("""
        {"apiVersion": "devices.kubeedge.io/v1beta1", "kind": "DeviceModel",
         "spec": {"protocol": "a", "protocol": "b"}}""");
    assertEquals("b", ((DeviceModel) json).protocol());
    assertEquals(List.of("spec.protocol"), json.duplicateFields());
  }

  @Test
  void typedViewsReadAValueOfTheWrongTypeAsAbsent() {
    Device d = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: [x], labels: {a: 1, b: c}}
        spec:
          nodeName: 5
          properties: {name: not-a-list}
          protocol: {configData: [1, 2]}
        """);
    assertNull(d.name());
    assertEquals(Map.of("b", "c"), d.metadata().labels());
    assertNull(d.nodeName());
    assertEquals(List.of(), d.properties());
    assertEquals(Map.of(), d.protocolConfigData());
    assertEquals(List.of(1L, 2L), d.get("spec", "protocol", "configData"), "the document keeps it as given");
  }

  @Test
  void theDocumentCannotBeChanged() {
    Device device = Samples.device();
    assertThrows(UnsupportedOperationException.class, () -> device.document().put("x", 1));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) device.get("spec");
    assertThrows(UnsupportedOperationException.class, () -> spec.remove("nodeName"));
    @SuppressWarnings("unchecked")
    List<Object> properties = (List<Object>) device.get("spec", "properties");
    assertThrows(UnsupportedOperationException.class, () -> properties.add(Map.of()));
    assertThrows(UnsupportedOperationException.class, () -> device.protocolConfigData().put("ip", "x"));
  }
}
