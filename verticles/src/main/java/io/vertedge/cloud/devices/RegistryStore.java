package io.vertedge.cloud.devices;

import io.vertedge.delivery.StateLog;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.store.state.StateStore;
import io.vertedge.store.state.Versioned;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How the registry keeps its objects in the cloud's state store: one map per kind
 * ({@code devices/devices}, {@code devices/devicemodels}, {@code devices/devicestatuses}), keyed
 * {@code namespace/name}, each value the object's JSON with its resourceVersion inside. Writes go
 * through the state log (durable when their future completes). A deletion first records the
 * version it was given ({@code devices.registry}), so that versions never go back after a restart
 * even when the newest object was deleted.
 */
final class RegistryStore {

  static final String VERSION_MAP = "devices.registry";
  static final String VERSION_KEY = "resourceVersion";

  private final StateLog log;

  RegistryStore(StateLog log) {
    this.log = log;
  }

  static String mapOf(ResourceKind kind) {
    return "devices/" + kind.plural();
  }

  /** What the store holds. */
  record Loaded(ObjectIndex index, long resourceVersion, int objects) { }

  /** Reads every object (blocking: on a worker, after the state log was recovered). */
  static Loaded load(StateStore store) {
    ObjectIndex index = new ObjectIndex();
    long version = store.get(VERSION_MAP, VERSION_KEY).map(v -> parse(text(v))).orElse(0L);
    int objects = 0;
    for (ResourceKind kind : ResourceKind.values()) {
      for (Versioned entry : store.entries(mapOf(kind))) {
        Resource resource = read(kind, entry);
        index.put(new ObjectKey(kind, resource.namespace(), resource.name()), resource);
        version = Math.max(version, resourceVersion(resource));
        objects++;
      }
    }
    return new Loaded(index, version, objects);
  }

  Future<Void> put(ObjectKey key, Resource resource) {
    return log.put(mapOf(key.kind()), key.storeKey(), resource.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Deletes the object; the deletion's version is recorded first, in the same log, so it is durable no later. */
  Future<Void> delete(ObjectKey key, long resourceVersion) {
    Future<Void> version = log.put(VERSION_MAP, VERSION_KEY, Long.toString(resourceVersion)
        .getBytes(StandardCharsets.UTF_8));
    Future<Void> deletion = log.delete(mapOf(key.kind()), key.storeKey());
    return Future.all(version, deletion).mapEmpty();
  }

  /** The object's {@code metadata.resourceVersion} as a number (0 when absent or not a number). */
  static long resourceVersion(Resource resource) {
    return Optional.ofNullable(resource.metadata().resourceVersion()).map(RegistryStore::parse).orElse(0L);
  }

  private static Resource read(ResourceKind kind, Versioned entry) {
    try {
      Resource resource = DeviceDocuments.readJson(text(entry));
      if (resource.kind() != kind || resource.name() == null || resource.namespace() == null) {
        throw new IllegalStateException("not a stored " + kind.kind());
      }
      return resource;
    } catch (RuntimeException e) {
      throw new IllegalStateException("the device registry cannot read " + mapOf(kind) + " key " + entry.key()
          + " in the state store: " + e.getMessage(), e);
    }
  }

  private static String text(Versioned entry) {
    return new String(entry.value(), StandardCharsets.UTF_8);
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
