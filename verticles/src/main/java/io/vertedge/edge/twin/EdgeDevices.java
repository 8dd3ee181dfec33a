package io.vertedge.edge.twin;

import io.vertedge.delivery.StateSource;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.model.Resource;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The devices and models this node holds, as the cloud sent them (keys {@code device/<ns>/<name>}
 * and {@code devicemodel/<ns>/<name>}), each device with its {@link DeviceTwinState}. Applying
 * cloud state says what changed for the devices' apps: devices added and removed (membership),
 * desired values to announce (deltas), twins to keep. No I/O here; confined to the twin's context.
 */
final class EdgeDevices {

  private static final Logger log = LoggerFactory.getLogger(EdgeDevices.class);
  static final String DEVICE = "device/";
  static final String MODEL = "devicemodel/";

  /**
   * What applying cloud state changed.
   *
   * @param added    devices new on this node
   * @param removed  devices gone from it (deleted, or moved to another node), as membership {@code Device}s
   * @param announce devices with a desired value set or changed: a delta is due
   * @param changed  devices whose twin is to be kept anew
   * @param gone     ids of devices whose kept twin is to be forgotten
   */
  record Changes(List<DeviceTwinState> added, List<JsonObject> removed, List<DeviceTwinState> announce,
                 List<DeviceTwinState> changed, List<String> gone) {

    Changes() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  private final String node;
  private final Map<String, DeviceTwinState> devices = new TreeMap<>();
  private final Map<String, DeviceModel> models = new TreeMap<>();

  EdgeDevices(String node) {
    this.node = node;
  }

  /**
   * Takes in the cloud state read at start, with the twins kept by the last run: a device not
   * kept yet counts as added, a kept one without its device as removed, a desired value not
   * taken in before is announced, so what a crash interrupted is made up now and nothing twice.
   */
  Changes load(List<Envelope> cloudState, Map<String, byte[]> kept, long now) {
    Changes changes = apply(cloudState, kept, now);
    // only what differs from what was kept is written again
    changes.changed().removeIf(twin -> {
      byte[] before = kept.get(DeviceTwinState.keptKey(twin.id()));
      return before != null && new JsonObject(new String(before, StandardCharsets.UTF_8)).equals(twin.toKept());
    });
    kept.keySet().stream().filter(key -> key.startsWith(DeviceTwinState.KEPT_PREFIX))
        .map(key -> key.substring(DeviceTwinState.KEPT_PREFIX.length())).filter(id -> !devices.containsKey(id))
        .forEach(id -> {
          changes.removed().add(new JsonObject().put("id", id).put("name", id.substring(id.indexOf('/') + 1)));
          changes.gone().add(id);
        });
    return changes;
  }

  /** Takes in a batch of cloud state (newest value per key, deletions with operation {@code delete}). */
  Changes apply(List<Envelope> batch, long now) {
    return apply(batch, null, now);
  }

  private Changes apply(List<Envelope> batch, Map<String, byte[]> kept, long now) {
    Changes changes = new Changes();
    List<Envelope> ordered = new ArrayList<>(batch);
    // models first: a device's twin types come from its model
    ordered.sort((a, b) -> Boolean.compare(!isModel(a), !isModel(b)));
    for (Envelope envelope : ordered) {
      String key = envelope.getRoute().getResource();
      boolean deleted = StateSource.DELETE.equals(envelope.getRoute().getOperation());
      if (key.startsWith(MODEL)) {
        applyModel(key.substring(MODEL.length()), deleted ? null : envelope);
      } else if (key.startsWith(DEVICE)) {
        applyDevice(key.substring(DEVICE.length()), deleted ? null : envelope, kept, now, changes);
      }
    }
    return changes;
  }

  private static boolean isModel(Envelope envelope) {
    return envelope.getRoute().getResource().startsWith(MODEL);
  }

  private void applyModel(String id, Envelope envelope) {
    if (envelope == null) {
      models.remove(id);
      return;
    }
    read(envelope, DeviceModel.class).ifPresent(model -> models.put(id, model));
  }

  private void applyDevice(String id, Envelope envelope, Map<String, byte[]> kept, long now, Changes changes) {
    Device device = envelope == null ? null : read(envelope, Device.class).orElse(null);
    if (envelope != null && device == null) {
      return; // unreadable: logged, the twin stays as it was
    }
    DeviceTwinState existing = devices.get(id);
    boolean ours = device != null && node.equals(device.nodeName());
    boolean replaced = existing != null && ours && !Objects.equals(existing.device().metadata().uid(),
        device.metadata().uid());
    if (existing != null && (!ours || replaced)) {
      devices.remove(id);
      changes.removed().add(TwinMessages.memberDevice(existing));
      changes.gone().add(id);
    }
    if (!ours) {
      return;
    }
    DeviceTwinState twin = devices.get(id);
    if (twin == null) {
      byte[] before = kept == null ? null : kept.get(DeviceTwinState.keptKey(id));
      twin = DeviceTwinState.restore(device, before == null ? null : new JsonObject(new String(before,
          StandardCharsets.UTF_8)));
      devices.put(id, twin);
      if (before == null) {
        changes.added().add(twin);
      }
    }
    DeviceTwinState current = twin;
    if (twin.takeIn(device, version(envelope), now, (property, given) -> typeOf(current, property, given))) {
      changes.announce().add(twin);
    }
    changes.changed().add(twin);
  }

  private static long version(Envelope envelope) {
    try {
      return Long.parseLong(envelope.getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private <R extends Resource> Optional<R> read(Envelope envelope, Class<R> kind) {
    String key = envelope.getRoute().getResource();
    try {
      Resource resource = DeviceDocuments.readJson(envelope.getContent().toStringUtf8());
      if (kind.isInstance(resource)) {
        return Optional.of(kind.cast(resource));
      }
      log.error("[node: {}, key: {}] the cloud sent a {} where a {} belongs; ignored", node, key,
          resource.kind().kind(), kind.getSimpleName());
    } catch (RuntimeException e) {
      log.error("[node: {}, key: {}] cannot read what the cloud sent; ignored: {}", node, key, e.getMessage());
    }
    return Optional.empty();
  }

  Optional<DeviceTwinState> device(String id) {
    return Optional.ofNullable(devices.get(id));
  }

  Collection<DeviceTwinState> devices() {
    return devices.values();
  }

  /** The device's model, when this node holds it. */
  DeviceModel modelOf(DeviceTwinState device) {
    return models.get(device.namespace() + "/" + device.device().modelName());
  }

  /** The properties a device's twin has: its model's, or its own while the model is not here. */
  List<String> properties(DeviceTwinState device) {
    DeviceModel model = modelOf(device);
    Map<String, Boolean> names = new LinkedHashMap<>();
    if (model != null) {
      model.properties().forEach(property -> names.put(property.name(), true));
    } else {
      device.device().properties().forEach(property -> names.put(property.name(), true));
    }
    device.twins().keySet().forEach(property -> names.put(property, true));
    return new ArrayList<>(names.keySet());
  }

  /** A property's KubeEdge {@code metadata.type}: from the model, else the one a device gave, else string. */
  String typeOf(DeviceTwinState device, String property, String given) {
    DeviceModel model = modelOf(device);
    Optional<ModelProperty> inModel = model == null ? Optional.empty() : model.property(property);
    if (inModel.flatMap(ModelProperty::propertyType).isPresent()) {
      return TwinUpdate.kubeEdgeType(inModel.get().propertyType().get());
    }
    if (given != null && !given.isEmpty()) {
      return "integer".equals(given) ? "int" : given;
    }
    PropertyTwin twin = device.twin(property);
    return twin == null ? "string" : twin.type();
  }
}
