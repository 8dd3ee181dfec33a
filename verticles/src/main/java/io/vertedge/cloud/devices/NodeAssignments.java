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
 * changes, it answers which objects of which nodes a change concerns, so that a change costs in
 * proportion to what it touches, not to the devices a node has. Each object's share (its edge
 * JSON) is made once per change. Pure, and confined to the controller's context.
 */
final class NodeAssignments {

  /** One object as a node gets it. */
  record Share(ByteString content, String resourceVersion) { }

  private final Map<ObjectKey, Device> devices = new HashMap<>();
  private final Map<ObjectKey, Share> deviceShares = new HashMap<>();
  private final Map<ObjectKey, Share> modelShares = new HashMap<>();
  private final Map<String, Set<ObjectKey>> devicesOf = new HashMap<>();
  private final Map<String, Map<ObjectKey, Integer>> modelsOf = new HashMap<>();

  /** Applies a change; answers, per node, the objects whose share there it may change. */
  Map<String, Set<ObjectKey>> apply(WatchEvent event) {
    Resource object = event.object();
    ObjectKey key = new ObjectKey(object.kind(), object.namespace(), object.name());
    boolean deleted = event.type() == WatchEvent.Type.DELETED;
    Map<String, Set<ObjectKey>> touched = new HashMap<>();
    if (object instanceof Device device) {
      Device before = devices.remove(key);
      if (before != null) {
        unassign(key, before);
        touch(touched, before.nodeName(), key, modelOf(before));
      }
      deviceShares.remove(key);
      if (!deleted) {
        devices.put(key, device);
        deviceShares.put(key, share(device));
        assign(key, device);
        touch(touched, device.nodeName(), key, modelOf(device));
      }
    } else if (object instanceof DeviceModel model) {
      if (deleted) {
        modelShares.remove(key);
      } else {
        modelShares.put(key, share(model));
      }
      modelsOf.forEach((node, models) -> {
        if (models.containsKey(key)) {
          touched.computeIfAbsent(node, n -> new HashSet<>()).add(key);
        }
      });
    }
    return touched;
  }

  /** The nodes that have at least one device. */
  Set<String> nodes() {
    return Set.copyOf(devicesOf.keySet());
  }

  /** What the node is to hold of the object: its share, or null when nothing. */
  Share wanted(String node, ObjectKey key) {
    if (key.kind() == ResourceKind.DEVICE) {
      Device device = devices.get(key);
      return device != null && node.equals(device.nodeName()) ? deviceShares.get(key) : null;
    }
    return modelsOf.getOrDefault(node, Map.of()).containsKey(key) ? modelShares.get(key) : null;
  }

  /** The node's whole share by key: models first, then devices, so a node never holds a device before its model. */
  Map<String, Share> desired(String node) {
    Map<String, Share> models = new TreeMap<>();
    modelsOf.getOrDefault(node, Map.of()).keySet().forEach(key -> {
      Share share = modelShares.get(key);
      if (share != null) {
        models.put(EdgeView.key(key), share);
      }
    });
    Map<String, Share> devicesByKey = new TreeMap<>();
    devicesOf.getOrDefault(node, Set.of()).forEach(key -> devicesByKey.put(EdgeView.key(key), deviceShares.get(key)));
    Map<String, Share> desired = new LinkedHashMap<>(models);
    desired.putAll(devicesByKey);
    return desired;
  }

  private void assign(ObjectKey key, Device device) {
    String node = device.nodeName();
    if (node == null || node.isEmpty()) {
      return;
    }
    devicesOf.computeIfAbsent(node, n -> new HashSet<>()).add(key);
    ObjectKey model = modelOf(device);
    if (model != null) {
      modelsOf.computeIfAbsent(node, n -> new HashMap<>()).merge(model, 1, Integer::sum);
    }
  }

  private void unassign(ObjectKey key, Device device) {
    String node = device.nodeName();
    if (node == null || node.isEmpty()) {
      return;
    }
    Set<ObjectKey> ofNode = devicesOf.get(node);
    ofNode.remove(key);
    if (ofNode.isEmpty()) {
      devicesOf.remove(node);
    }
    ObjectKey model = modelOf(device);
    if (model != null) {
      Map<ObjectKey, Integer> models = modelsOf.get(node);
      models.computeIfPresent(model, (m, count) -> count == 1 ? null : count - 1);
      if (models.isEmpty()) {
        modelsOf.remove(node);
      }
    }
  }

  private static void touch(Map<String, Set<ObjectKey>> touched, String node, ObjectKey device, ObjectKey model) {
    if (node == null || node.isEmpty()) {
      return;
    }
    Set<ObjectKey> keys = touched.computeIfAbsent(node, n -> new HashSet<>());
    keys.add(device);
    if (model != null) {
      keys.add(model);
    }
  }

  private static Share share(Resource resource) {
    return new Share(EdgeView.content(resource), resource.metadata().resourceVersion());
  }

  private static ObjectKey modelOf(Device device) {
    String model = device.modelName();
    return model == null || model.isEmpty() ? null : new ObjectKey(ResourceKind.DEVICE_MODEL,
        Objects.requireNonNullElse(device.namespace(), "default"), model);
  }
}
