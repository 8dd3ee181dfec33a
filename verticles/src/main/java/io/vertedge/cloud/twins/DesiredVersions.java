package io.vertedge.cloud.twins;

import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.ObjectKey;
import io.vertedge.cloud.devices.WatchEvent;
import io.vertedge.delivery.StateLog;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceProperty;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The version of each device property's desired value: the registry resourceVersion of the
 * write that last changed it (set, changed or cleared, through the twin routes or any device
 * write). It grows with each change and stays as it is otherwise, status writes and restarts
 * included.
 *
 * <p>Fed by a registry watch, whose sink runs on the registry's context as each change is
 * committed, and read there too ({@link DeviceRegistry#read}), so a device and the versions of
 * its values always agree. Kept in the state store (map {@value #MAP}, key {@code ns/name},
 * JSON {@code {"<property>":{"value":"25","version":12}}}); a change whose record a crash lost
 * is found at the next start (the stored value differs from the device's) and gets the device's
 * resourceVersion then, which is newer than the lost one: versions still only grow.
 */
final class DesiredVersions {

  static final String MAP = "twins/desired-versions";
  private static final Logger log = LoggerFactory.getLogger(DesiredVersions.class);

  /** One property's desired value (empty: none) and the version of the write that set it. */
  record Entry(String value, long version) { }

  private final DeviceRegistry registry;
  private final StateStore store;
  private final StateLog writes;
  // only on the registry's context once started
  private Map<ObjectKey, Map<String, Entry>> versions = Map.of();
  private DeviceRegistry.WatchSubscription subscription;

  DesiredVersions(DeviceRegistry registry, StateStore store, StateLog writes) {
    this.registry = registry;
    this.store = store;
    this.writes = writes;
  }

  /** Loads the records, then follows the registry from its current devices on. */
  Future<Void> start(Vertx vertx) {
    return vertx.executeBlocking(this::load).compose(loaded -> {
      // handed to the registry's context by the watch's own hop there
      versions = loaded;
      long startedAt = registry.resourceVersion();
      return registry.watch(Set.of(ResourceKind.DEVICE), 0, event -> changed(event, startedAt));
    }).compose(watch -> {
      subscription = watch;
      // the watch has seen every device by now: a record of none is left from a deletion a crash cut short
      return registry.read(committed -> {
        versions.keySet().removeIf(key -> {
          boolean gone = committed.get(key) == null;
          if (gone) {
            persist(key, null);
          }
          return gone;
        });
        return null;
      });
    }).mapEmpty();
  }

  void stop() {
    if (subscription != null) {
      subscription.cancel();
    }
  }

  /**
   * The version of {@code property}'s desired value of {@code device} (on the registry's
   * context, from {@link DeviceRegistry#read}); the device's own resourceVersion for a value
   * this has no record of, which cannot happen once started.
   */
  long versionOf(ObjectKey key, Device device, String property) {
    Entry entry = versions.getOrDefault(key, Map.of()).get(property);
    String value = device.property(property).map(p -> p.desired().value()).orElse("");
    if (entry != null && entry.value().equals(value)) {
      return entry.version();
    }
    return Long.parseLong(device.metadata().resourceVersion());
  }

  private void changed(WatchEvent event, long startedAt) {
    Device device = (Device) event.object();
    ObjectKey key = new ObjectKey(ResourceKind.DEVICE, device.namespace(), device.name());
    if (event.type() == WatchEvent.Type.DELETED) {
      if (versions.remove(key) != null) {
        persist(key, null);
      }
      return;
    }
    // a device created after the start is new in every value, even one equal to a deleted namesake's
    boolean created = event.type() == WatchEvent.Type.ADDED && event.resourceVersion() > startedAt;
    Map<String, Entry> before = created ? Map.of() : versions.getOrDefault(key, Map.of());
    Map<String, Entry> after = new LinkedHashMap<>();
    for (DeviceProperty property : device.properties()) {
      if (property.name() == null || after.containsKey(property.name())) {
        continue;
      }
      Entry known = before.get(property.name());
      String value = property.desired().value();
      after.put(property.name(), known != null && known.value().equals(value) ? known
          : new Entry(value, event.resourceVersion()));
    }
    if (!after.equals(versions.get(key))) {
      versions.put(key, after);
      persist(key, after);
    }
  }

  private void persist(ObjectKey key, Map<String, Entry> entries) {
    Future<Void> written;
    if (entries == null) {
      written = writes.delete(MAP, key.storeKey());
    } else {
      JsonObject json = new JsonObject();
      entries.forEach((property, entry) -> json.put(property,
          new JsonObject().put("value", entry.value()).put("version", entry.version())));
      // deferred: a record a crash lost is made again at the next start (see above)
      written = writes.putDeferred(MAP, key.storeKey(), json.toBuffer().getBytes());
    }
    written.onFailure(e -> log.error("[device: {}] the versions of its desired values could not be stored; they are "
        + "taken again from the device at the next start", key.storeKey(), e));
  }

  // blocking: on a worker
  private Map<ObjectKey, Map<String, Entry>> load() {
    Map<ObjectKey, Map<String, Entry>> loaded = new HashMap<>();
    for (Versioned record : store.entries(MAP)) {
      String[] name = record.key().split("/", 2);
      try {
        JsonObject json = new JsonObject(Buffer.buffer(record.value()));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String property : json.fieldNames()) {
          JsonObject entry = json.getJsonObject(property);
          entries.put(property, new Entry(Objects.requireNonNull(entry.getString("value")),
              entry.getLong("version")));
        }
        loaded.put(new ObjectKey(ResourceKind.DEVICE, name[0], name.length > 1 ? name[1] : ""), entries);
      } catch (RuntimeException e) {
        log.warn("[device: {}] unreadable versions of its desired values ({}); they are taken again from the device",
            record.key(), new String(record.value(), StandardCharsets.UTF_8), e);
      }
    }
    return loaded;
  }
}
