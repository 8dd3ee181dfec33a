package io.vertedge.cloud.devices;

import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;

import java.util.Map;

/**
 * One change of the registry, as a watch sends it: {@code {"type":"MODIFIED","object":{...}}}.
 * {@code previous} is the object before the change (null for ADDED and BOOKMARK), so that a
 * watch with a selector can tell an object that left its selection (sent as DELETED) from one
 * that entered it (ADDED). A DELETED event carries the object as it was, with the
 * resourceVersion of its deletion.
 */
public record WatchEvent(Type type, Resource object, Resource previous, long resourceVersion) {

  /** The event types of a Kubernetes watch. */
  public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }

  /** A bookmark: nothing changed for this watch up to {@code resourceVersion}. */
  static WatchEvent bookmark(ResourceKind kind, long resourceVersion) {
    Resource object = DeviceDocuments.fromDocument(Map.of("apiVersion", ResourceKind.API_VERSION, "kind", kind.kind(),
        "metadata", Map.of("resourceVersion", Long.toString(resourceVersion))));
    return new WatchEvent(Type.BOOKMARK, object, null, resourceVersion);
  }

  public ResourceKind kind() {
    return object.kind();
  }

  /** The same change as another type (a selector turns a MODIFIED into ADDED or DELETED). */
  WatchEvent as(Type other) {
    return other == type ? this : new WatchEvent(other, object, previous, resourceVersion);
  }

  /** The event as one line of a watch stream, newline included. */
  String line() {
    return "{\"type\":\"" + type + "\",\"object\":" + object.toJson() + "}\n";
  }
}
