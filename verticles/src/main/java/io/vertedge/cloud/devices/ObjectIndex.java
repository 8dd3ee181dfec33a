package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The registry's objects in memory, per kind, sorted by {@code namespace/name} (the order of
 * lists and of continue tokens). Not thread-safe: the registry confines it to its context.
 */
final class ObjectIndex {

  private final Map<ResourceKind, NavigableMap<String, Resource>> byKind = new EnumMap<>(ResourceKind.class);

  ObjectIndex() {
    for (ResourceKind kind : ResourceKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
  }

  Resource get(ObjectKey key) {
    return byKind.get(key.kind()).get(key.storeKey());
  }

  void put(ObjectKey key, Resource resource) {
    byKind.get(key.kind()).put(key.storeKey(), resource);
  }

  void remove(ObjectKey key) {
    byKind.get(key.kind()).remove(key.storeKey());
  }

  /** The objects of {@code kind} in key order. */
  Collection<Resource> all(ResourceKind kind) {
    return byKind.get(kind).values();
  }

  /** The objects of {@code kind} after {@code storeKey} (all when null), in key order. */
  Collection<Resource> after(ResourceKind kind, String storeKey) {
    NavigableMap<String, Resource> objects = byKind.get(kind);
    return storeKey == null ? objects.values() : objects.tailMap(storeKey, false).values();
  }

  int size(ResourceKind kind) {
    return byKind.get(kind).size();
  }
}
