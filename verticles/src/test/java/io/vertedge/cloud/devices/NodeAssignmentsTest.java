package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vertedge.cloud.devices.DeviceApiFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which node holds what: a model stays on a node while one of its devices there uses it. */
class NodeAssignmentsTest {

  private static final ObjectKey MODEL = new ObjectKey(ResourceKind.DEVICE_MODEL, "default", "switch-model");
  private static final ObjectKey SWITCH_1 = new ObjectKey(ResourceKind.DEVICE, "default", "switch-1");
  private static final ObjectKey SWITCH_2 = new ObjectKey(ResourceKind.DEVICE, "default", "switch-2");

  private final List<Resource> lab = DeviceDocuments.readYaml(sample("lab.yaml")).stream()
      .map(r -> r.with(List.of("metadata", "namespace"), "default")).toList();
  private final NodeAssignments assignments = new NodeAssignments();

  @Test
  void aModelIsSharedByTheDevicesOfANodeAndLeavesWithTheLastOne() {
    assignments.apply(added(lab.get(0)));
    assignments.apply(added(lab.get(1)));
    Map<String, Set<ObjectKey>> moved = assignments.apply(modified(onNode((Device) lab.get(2), "edge-1")));

    assertEquals(Map.of("edge-1", Set.of(SWITCH_2, MODEL)), moved);
    assertEquals(List.of("devicemodel/default/switch-model", "device/default/switch-1", "device/default/switch-2"),
        List.copyOf(assignments.desired("edge-1").keySet()), "models first");

    assignments.apply(deleted(lab.get(1)));
    assertNotNull(assignments.wanted("edge-1", MODEL), "switch-2 still uses it");
    Map<String, Set<ObjectKey>> gone = assignments.apply(modified(onNode((Device) lab.get(2), "edge-2")));

    assertEquals(Map.of("edge-1", Set.of(SWITCH_2, MODEL), "edge-2", Set.of(SWITCH_2, MODEL)), gone);
    assertNull(assignments.wanted("edge-1", MODEL));
    assertNull(assignments.wanted("edge-1", SWITCH_2));
    assertEquals(Set.of("edge-2"), assignments.nodes());
  }

  @Test
  void aDeletedModelLeavesItsNodesAndComesBackWhenCreatedAgain() {
    assignments.apply(added(lab.get(0)));
    assignments.apply(added(lab.get(1)));

    assertEquals(Map.of("edge-1", Set.of(MODEL)), assignments.apply(deleted(lab.get(0))));
    assertNull(assignments.wanted("edge-1", MODEL));
    assignments.apply(added(lab.get(0)));
    assertEquals(Set.of("devicemodel/default/switch-model", "device/default/switch-1"),
        assignments.desired("edge-1").keySet());
  }

  private static Device onNode(Device device, String node) {
    return device.with(List.of("spec", "nodeName"), node);
  }

  private static WatchEvent added(Resource resource) {
    return new WatchEvent(WatchEvent.Type.ADDED, resource, null, 1);
  }

  private static WatchEvent modified(Resource resource) {
    return new WatchEvent(WatchEvent.Type.MODIFIED, resource, null, 2);
  }

  private static WatchEvent deleted(Resource resource) {
    return new WatchEvent(WatchEvent.Type.DELETED, resource, null, 3);
  }
}
