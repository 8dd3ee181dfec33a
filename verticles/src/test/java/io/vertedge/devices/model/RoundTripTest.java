package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class RoundTripTest {

  @ParameterizedTest
  @ValueSource(strings = {"thermometer-model.yaml", "thermometer-device.yaml", "modbus-rtu-device.yaml",
      "thermometer-status.yaml", "lab.yaml"})
  void yamlToModelToYamlKeepsEveryField(String sample) {
    List<Resource> read = Samples.all(sample);

    List<Resource> again = DeviceDocuments.readYaml(DeviceDocuments.toYaml(read));

    assertEquals(read, again);
    for (int i = 0; i < read.size(); i++) {
      assertEquals(Samples.leaves(read.get(i).document()), Samples.leaves(again.get(i).document()));
      assertEquals(List.copyOf(read.get(i).document().keySet()), List.copyOf(again.get(i).document().keySet()));
    }
  }

  @Test
  void theSampleDeviceHasEveryContractFieldAfterTheRoundTrip() {
    Device again = (Device) DeviceDocuments.readYaml(Samples.device().toYaml()).get(0);
    String leaves = String.join("\n", Samples.leaves(again.document()));
    for (String field : List.of("/metadata/labels/app.kubernetes.io/part-of = hvac", "/metadata/generation = 3 (Long)",
        "/spec/deviceModelRef/name", "/spec/nodeName", "/spec/protocol/protocolName", "/spec/protocol/configData/slaveID = 1 (Long)",
        "/spec/stateReport/reportToCloud = true", "/spec/stateReport/reportCycle = 10000 (Long)",
        "/spec/methods[0]/propertyNames[1] = power", "/spec/properties[0]/desired/value =  (String)",
        "/spec/properties[0]/visitors/configData/scale = 0.1 (Double)", "/spec/properties[0]/collectCycle",
        "/spec/properties[0]/reportToCloud", "/spec/properties[0]/pushMethod/mqtt/retained = false",
        "/spec/properties[0]/pushMethod/dbMethod/influxdb2/influxdb2DataConfig/tag/unit = celsius",
        "/spec/properties[1]/desired/metadata/timestamp = 1764064800000 (String)",
        "/spec/properties[1]/pushMethod/http/timeout = 5000 (Long)", "/spec/properties[1]/pushMethod/otel/endpointURL",
        "/spec/properties[1]/pushMethod/anomalyDetection/threshold = 3.5 (Double)",
        "/spec/properties[2]/pushMethod/dbMethod/redis/redisClientConfig/minIdleConns = 2 (Long)",
        "/spec/properties[3]/pushMethod/dbMethod/TDEngine/TDEngineClientConfig/dbName = lab",
        "/spec/properties[4]/pushMethod/dbMethod/mysql/mysqlClientConfig/userName = mapper",
        "/status/twins[0]/reported/metadata/type = double", "/status/twins[0]/observedDesired/value",
        "/status/state = online", "/status/lastOnlineTime = 2026-11-25T10:05:00Z (String)")) {
      assertTrue(leaves.contains(field), field + " missing from\n" + leaves);
    }
  }

  @Test
  void unknownAndNullFieldsAreKeptInTheDocument() {
    Device d = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: x, flavour: vanilla}
        spec:
          colour: red
          nodeName: null
          protocol: {protocolName: opcua, configData: {url: "opc.tcp://10.0.0.5:4840", nested: {deep: [1, {a: b}]}}}
        extra: [1, 2.5, true, null, {}]
        """);
    Resource again = DeviceDocuments.readYaml(d.toYaml()).get(0);
    assertEquals(d, again);
    assertEquals(Samples.leaves(d.document()), Samples.leaves(again.document()));
    assertEquals(Samples.leaves(d.document()), Samples.leaves(DeviceDocuments.readJson(d.toJson()).document()));
  }

  @Test
  void jsonRoundTripsAndMatchesTheYamlReading() {
    Resource json = DeviceDocuments.readJson(Samples.text("thermometer-device.json"));
    assertEquals(json, DeviceDocuments.readJson(json.toJson()));
    assertEquals(json, DeviceDocuments.readJson(json.toPrettyJson()));
    assertEquals(json, DeviceDocuments.readYaml(json.toYaml()).get(0));
    for (Resource yaml : List.of(Samples.device(), Samples.model(), Samples.one("thermometer-status.yaml", DeviceStatus.class))) {
      assertEquals(yaml, DeviceDocuments.readJson(yaml.toJson()));
    }
  }

  @Test
  void yamlIsWrittenAsKubectlLaysItOut() {
    Resource d = Samples.device("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata:
          name: x
          annotations: {note: "two\\nlines", when: "2026-11-25T10:00:00Z", flag: "on", "<<": merge}
        spec:
          properties:
          - name: p
            desired: {value: "25"}
            reportCycle: 1000
            collectCycle: 1.0e10
        """);
    assertEquals("""
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata:
          name: x
          annotations:
            note: |-
              two
              lines
            when: '2026-11-25T10:00:00Z'
            flag: 'on'
            '<<': merge
        spec:
          properties:
          - name: p
            desired:
              value: '25'
            reportCycle: 1000
            collectCycle: 1.0E10
        """, d.toYaml());
    assertEquals("{\"apiVersion\":\"devices.kubeedge.io/v1beta1\",\"kind\":\"Device\",\"metadata\":{\"name\":\"x\","
        + "\"annotations\":{\"note\":\"two\\nlines\",\"when\":\"2026-11-25T10:00:00Z\",\"flag\":\"on\",\"<<\":\"merge\"}},"
        + "\"spec\":{\"properties\":[{\"name\":\"p\",\"desired\":{\"value\":\"25\"},\"reportCycle\":1000,\"collectCycle\":1.0E10}]}}",
        d.toJson());
  }

  @Test
  void severalDocumentsAreWrittenAsOneStream() {
    String stream = DeviceDocuments.toYaml(Samples.all("lab.yaml"));
    assertEquals(2, stream.lines().filter("---"::equals).count());
    assertEquals(Samples.all("lab.yaml"), DeviceDocuments.readYaml(stream));
  }

  @Test
  void withReturnsAChangedCopyAndLeavesTheOriginal() {
    Device device = Samples.device();

    Device stored = device.with(List.of("metadata", "resourceVersion"), "43")
        .with(List.of("metadata", "uid"), null)
        .with(List.of("spec", "properties"), List.of(Map.of("name", "setpoint", "desired", Map.of("value", "22"))));

    assertEquals("43", stored.metadata().resourceVersion());
    assertNull(stored.metadata().uid());
    assertEquals("22", stored.property("setpoint").orElseThrow().desired().value());
    assertEquals("42", device.metadata().resourceVersion());
    assertEquals(5, device.properties().size());
    assertEquals(device.protocolConfigData(), stored.protocolConfigData());
    assertEquals(List.of("apiVersion", "kind", "metadata", "spec", "status"), List.copyOf(stored.document().keySet()));
    assertEquals("x", Samples.device("apiVersion: devices.kubeedge.io/v1beta1\nkind: Device\n")
        .with(List.of("spec", "protocol", "protocolName"), "x").protocolName(), "objects on the way are created");
    assertThrows(IllegalArgumentException.class, () -> device.with(List.of("kind"), "DeviceModel"));
    assertThrows(IllegalArgumentException.class, () -> device.with(List.of("apiVersion"), "v1"));
  }

  @Test
  void aMergePatchOnTheJsonObjectComesBackAsAResource() {
    JsonObject json = Samples.device().toJsonObject();
    json.getJsonObject("spec").put("nodeName", "edge-9");
    json.getJsonObject("metadata").getJsonObject("labels").remove("room");

    Device patched = (Device) DeviceDocuments.fromDocument(json.getMap());

    assertEquals("edge-9", patched.nodeName());
    assertEquals(Map.of("app.kubernetes.io/part-of", "hvac"), patched.metadata().labels());
    assertEquals("edge-1", Samples.device().nodeName());
    assertNotEquals(Samples.device(), patched);
    assertEquals(Samples.device(), DeviceDocuments.fromDocument(Samples.device().toJsonObject().getMap()));
    assertEquals(List.of(), patched.duplicateFields());
  }
}
