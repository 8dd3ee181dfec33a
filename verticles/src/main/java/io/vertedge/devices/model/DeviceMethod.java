package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;

/** One of a {@code Device}'s {@code spec.methods[]}: a named action over some of its properties. */
public record DeviceMethod(String name, String description, List<String> propertyNames) {

  static DeviceMethod of(Object method) {
    Map<String, Object> m = Tree.object(method);
    return new DeviceMethod(Tree.string(m.get("name")), Tree.string(m.get("description")),
        Tree.stringList(m.get("propertyNames")));
  }
}
