package io.vertedge.edge.twin;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceProperty;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * One device's twin on this edge: its properties' {@link PropertyTwin}s, the desired values it
 * took in from the cloud (so a desired value is announced once, also across restarts), and the
 * state a device last reported. Kept durably as JSON ({@link #toKept}) under {@link #keptKey}.
 * Confined to the DeviceTwin verticle's context.
 */
final class DeviceTwinState {

  private final String namespace;
  private final String name;
  private Device device;
  private final Map<String, PropertyTwin> twins = new TreeMap<>();
  private final Map<String, String> takenIn = new TreeMap<>();
  private String state = "";
  private String lastOnline = "";

  DeviceTwinState(Device device) {
    this.namespace = device.namespace();
    this.name = device.name();
    this.device = device;
  }

  /** The twin as kept, for this device; a fresh one when what was kept belongs to an earlier device of that name. */
  static DeviceTwinState restore(Device device, JsonObject kept) {
    DeviceTwinState twin = new DeviceTwinState(device);
    if (kept == null || !Objects.equals(kept.getString("uid"), device.metadata().uid())) {
      return twin;
    }
    kept.getJsonObject("twin", new JsonObject()).forEach(entry ->
        twin.twins.put(entry.getKey(), PropertyTwin.fromJson((JsonObject) entry.getValue())));
    kept.getJsonObject("desired", new JsonObject()).forEach(entry ->
        twin.takenIn.put(entry.getKey(), String.valueOf(entry.getValue())));
    twin.state = kept.getString("state", "");
    twin.lastOnline = kept.getString("last_online", "");
    return twin;
  }

  static final String KEPT_PREFIX = "twin/";

  static String keptKey(String id) {
    return KEPT_PREFIX + id;
  }

  JsonObject toKept() {
    return new JsonObject()
        .put("uid", device.metadata().uid())
        .put("twin", twinJson(true))
        .put("desired", new JsonObject(new LinkedHashMap<>(takenIn)))
        .put("state", state)
        .put("last_online", lastOnline);
  }

  String id() {
    return namespace + "/" + name;
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  Device device() {
    return device;
  }

  Map<String, PropertyTwin> twins() {
    return Collections.unmodifiableMap(twins);
  }

  PropertyTwin twin(String property) {
    return twins.get(property);
  }

  void put(String property, PropertyTwin twin) {
    if (twin.isEmpty()) {
      twins.remove(property);
    } else {
      twins.put(property, twin);
    }
  }

  /** The cloud's desired value the twin last took in, with its registry version; {@code null} when none. */
  String desired(String property) {
    return takenIn.get(property);
  }

  String state() {
    return state;
  }

  String lastOnline() {
    return lastOnline;
  }

  void state(String newState, String onlineAt) {
    state = newState;
    if (onlineAt != null) {
      lastOnline = onlineAt;
    }
  }

  /**
   * Takes in the device as the cloud now has it: each desired value that differs from the one
   * taken in before becomes the expected value, at registry version {@code cloudVersion}.
   *
   * @param typeOf the twin type of a property (by name, with the type a device gave or {@code null})
   * @return whether a desired value was set or changed (a delta is due)
   */
  boolean takeIn(Device changed, long cloudVersion, long now, BiFunction<String, String, String> typeOf) {
    device = changed;
    boolean announce = false;
    Map<String, String> wanted = new TreeMap<>();
    for (DeviceProperty property : changed.properties()) {
      if (property.name() != null && property.desired().isSet()) {
        wanted.put(property.name(), property.desired().value());
      }
    }
    for (String property : new ArrayList<>(takenIn.keySet())) {
      if (!wanted.containsKey(property)) {
        takenIn.remove(property);
        PropertyTwin twin = twins.get(property);
        if (twin != null) {
          put(property, twin.desiredByCloud(null, cloudVersion));
        }
      }
    }
    for (Map.Entry<String, String> entry : wanted.entrySet()) {
      if (!entry.getValue().equals(takenIn.get(entry.getKey()))) {
        takenIn.put(entry.getKey(), entry.getValue());
        PropertyTwin twin = twins.getOrDefault(entry.getKey(), PropertyTwin.empty(typeOf.apply(entry.getKey(), null)));
        put(entry.getKey(), twin.desiredByCloud(new PropertyTwin.Value(entry.getValue(), now), cloudVersion));
        announce = true;
      }
    }
    return announce;
  }

  /** The twins as KubeEdge's {@code twin} object: every property with a value. */
  JsonObject twinJson(boolean withVersions) {
    JsonObject json = new JsonObject();
    twins.forEach((property, twin) -> json.put(property, twin.toJson(withVersions)));
    return json;
  }

  /** What the cloud gets ({@code edge_updated}): every property with an actual value, without versions. */
  JsonObject reportedJson() {
    JsonObject json = new JsonObject();
    twins.forEach((property, twin) -> {
      if (twin.actual() != null) {
        json.put(property, twin.toJson(false));
      }
    });
    return json;
  }

  /** {@code delta}: each expected value the actual one does not match. */
  JsonObject delta() {
    JsonObject delta = new JsonObject();
    twins.forEach((property, twin) -> {
      if (twin.differs()) {
        delta.put(property, twin.expected().value());
      }
    });
    return delta;
  }
}
