package io.vertedge.edge.twin;

import com.google.protobuf.ByteString;
import io.vertedge.delivery.StateSource;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What cloud state changes for device apps: membership, deltas once per desired change, what is kept. */
class EdgeDevicesTest {

  private static final String KEY = "device/default/thermometer-1";
  private final Resource model = DeviceDocuments.readYaml(sample("thermometer-model.yaml")).get(0);
  private final Device device = (Device) DeviceDocuments.readYaml(sample("thermometer-device.yaml")).get(0);

  @Test
  void aNewDeviceIsAddedAndItsDesiredValuesAnnouncedOnce() {
    EdgeDevices devices = new EdgeDevices("edge-1");
    EdgeDevices.Changes first = devices.load(List.of(envelope("devicemodel/default/thermometer-model", model, "1"),
        envelope(KEY, device, "2")), Map.of(), 1L);
    assertEquals(1, first.added().size());
    assertEquals(1, first.announce().size());
    DeviceTwinState twin = first.added().get(0);
    assertEquals("21", twin.twin("setpoint").expected().value());
    assertEquals(2, twin.twin("setpoint").expectedVersion().cloud(), "the registry version that set it");
    assertEquals("int", twin.twin("setpoint").type(), "the model's type, as KubeEdge spells it");

    EdgeDevices.Changes again = devices.apply(List.of(envelope(KEY, device.with(List.of("metadata", "labels"),
        Map.of("room", "lab-3")), "3")), 2L);
    assertTrue(again.announce().isEmpty() && again.added().isEmpty(), "no desired value changed");
    assertEquals(2, twin.twin("setpoint").expectedVersion().cloud());
  }

  @Test
  void aRestartWithWhatWasKeptAnnouncesOnlyWhatChangedMeanwhile() {
    EdgeDevices before = new EdgeDevices("edge-1");
    DeviceTwinState twin = before.load(List.of(envelope(KEY, device, "2")), Map.of(), 1L).added().get(0);
    Map<String, byte[]> kept = Map.of(DeviceTwinState.keptKey(twin.id()), twin.toKept().toBuffer().getBytes());

    EdgeDevices unchanged = new EdgeDevices("edge-1");
    EdgeDevices.Changes restart = unchanged.load(List.of(envelope(KEY, device, "2")), kept, 5L);
    assertTrue(restart.added().isEmpty() && restart.announce().isEmpty() && restart.changed().isEmpty(), "nothing: "
        + restart);

    Device changed = desired(device, 1, "25");
    EdgeDevices later = new EdgeDevices("edge-1");
    EdgeDevices.Changes meanwhile = later.load(List.of(envelope(KEY, changed, "7")), kept, 5L);
    assertEquals(1, meanwhile.announce().size());
    assertEquals("25", later.device("default/thermometer-1").orElseThrow().delta().getString("setpoint"));

    EdgeDevices gone = new EdgeDevices("edge-1");
    assertEquals(List.of("default/thermometer-1"), gone.load(List.of(), kept, 5L).gone(), "kept without its device");
  }

  @Test
  void deletedMovedAndRecreatedDevicesLeaveTheNode() {
    EdgeDevices devices = new EdgeDevices("edge-1");
    devices.load(List.of(envelope(KEY, device, "2")), Map.of(), 1L);
    Device recreated = device.with(List.of("metadata", "uid"), "another-uid");
    EdgeDevices.Changes replaced = devices.apply(List.of(envelope(KEY, recreated, "9")), 2L);
    assertEquals(1, replaced.removed().size());
    assertEquals(1, replaced.added().size());
    assertEquals(List.of("default/thermometer-1"), replaced.gone());

    EdgeDevices.Changes moved = devices.apply(List.of(envelope(KEY, recreated.with(List.of("spec", "nodeName"),
        "edge-2"), "10")), 3L);
    assertEquals("default/thermometer-1", moved.removed().get(0).getString("id"));
    assertTrue(devices.device("default/thermometer-1").isEmpty());

    devices.apply(List.of(envelope(KEY, device, "11")), 4L);
    EdgeDevices.Changes deleted = devices.apply(List.of(Envelope.newBuilder()
        .setRoute(Route.newBuilder().setOperation(StateSource.DELETE).setResource(KEY)).build()), 5L);
    assertEquals(1, deleted.removed().size());
    assertTrue(devices.devices().isEmpty());
  }

  private static Device desired(Device device, int index, String value) {
    Map<String, Object> document = new io.vertx.core.json.JsonObject(device.toJson()).getMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> property = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) document.get("spec"))
        .get("properties")).get(index);
    property.put("desired", Map.of("value", value));
    return (Device) DeviceDocuments.fromDocument(document);
  }

  private static Envelope envelope(String key, Resource resource, String version) {
    return Envelope.newBuilder().setRoute(Route.newBuilder().setOperation("update").setResource(key))
        .setResourceVersion(version).setContent(ByteString.copyFromUtf8(resource.toJson())).build();
  }

  private static String sample(String name) {
    try (InputStream in = EdgeDevicesTest.class.getResourceAsStream("/devices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
