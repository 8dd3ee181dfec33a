package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a watch from version 0 gets first: the objects that exist, as ADDED, by kind and then
 * {@code namespace/name} — the committed ones, or, for a watch of accepted writes, the committed
 * ones overlaid with the writes accepted and not yet committed.
 */
final class WatchBacklog {

  private WatchBacklog() { }

  static List<WatchEvent> existing(ObjectIndex committed, Map<ObjectKey, PendingWrite> accepted,
                                   Set<ResourceKind> kinds) {
    List<WatchEvent> events = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kinds.contains(kind)) {
        continue;
      }
      NavigableMap<String, Resource> current = new TreeMap<>();
      committed.all(kind).forEach(r -> current.put(new ObjectKey(kind, r.namespace(), r.name()).storeKey(), r));
      accepted.forEach((key, write) -> {
        if (key.kind() == kind) {
          if (write.after() == null) {
            current.remove(key.storeKey());
          } else {
            current.put(key.storeKey(), write.after());
          }
        }
      });
      current.values().forEach(r -> events.add(
          new WatchEvent(WatchEvent.Type.ADDED, r, null, RegistryStore.resourceVersion(r))));
    }
    return events;
  }
}
