package io.vertedge.cloud.devices;

import com.google.protobuf.ByteString;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which devices and models each node is to hold: the devices whose {@code spec.nodeName} is the
 * node, and the models they refer to (in their namespace) that exist. Fed with the registry's
 * changes; pure, and confined to the controller's context.
 */
final class NodeAssignments {

  /** One object as a node gets it. */
  record Share(ByteString content, String resourceVersion) { }

  private final Map<ObjectKey, Device> devices = new HashMap<>();
  private final Map<ObjectKey, DeviceModel> models = new HashMap<>();

  /** Applies a change; answers the nodes whose share it may change. */
  Set<String> apply(WatchEvent event) {
    Resource object = event.object();
    ObjectKey key = new ObjectKey(object.kind(), object.namespace(), object.name());
    boolean deleted = event.type() == WatchEvent.Type.DELETED;
    Set<String> nodes = new HashSet<>();
    if (object instanceof Device device) {
      Device before = deleted ? devices.remove(key) : devices.put(key, device);
      addNode(nodes, before);
      addNode(nodes, device);
    } else if (object instanceof DeviceModel model) {
      if (deleted) {
        models.remove(key);
      } else {
        models.put(key, model);
      }
      devices.values().stream().filter(d -> key.equals(modelOf(d))).forEach(d -> addNode(nodes, d));
    }
    return nodes;
  }

  /** The nodes that have at least one device. */
  Set<String> nodes() {
    Set<String> nodes = new HashSet<>();
    devices.values().forEach(d -> addNode(nodes, d));
    return nodes;
  }

  /** The node's share by key: models first, then devices, so a node never holds a device before its model. */
  Map<String, Share> desired(String node) {
    Map<String, Share> deviceShares = new TreeMap<>();
    Map<String, Share> modelShares = new TreeMap<>();
    devices.forEach((key, device) -> {
      if (node.equals(device.nodeName())) {
        deviceShares.put(EdgeView.key(key), share(device));
        ObjectKey modelKey = modelOf(device);
        DeviceModel model = modelKey == null ? null : models.get(modelKey);
        if (model != null) {
          modelShares.put(EdgeView.key(modelKey), share(model));
        }
      }
    });
    Map<String, Share> desired = new LinkedHashMap<>(modelShares);
    desired.putAll(deviceShares);
    return desired;
  }

  private static Share share(Resource resource) {
    return new Share(EdgeView.content(resource), resource.metadata().resourceVersion());
  }

  private static ObjectKey modelOf(Device device) {
    String model = device.modelName();
    return model == null ? null : new ObjectKey(ResourceKind.DEVICE_MODEL,
        Objects.requireNonNullElse(device.namespace(), "default"), model);
  }

  private static void addNode(Set<String> nodes, Device device) {
    if (device != null && device.nodeName() != null && !device.nodeName().isEmpty()) {
      nodes.add(device.nodeName());
    }
  }
}
