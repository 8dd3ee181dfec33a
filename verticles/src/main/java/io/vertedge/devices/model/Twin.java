package io.vertedge.devices.model;

import java.util.Map;

/**
 * One of {@code status.twins[]}: what the device reported for a property, and the desired value
 * the mapper last saw ({@code observedDesired}).
 */
public record Twin(String propertyName, TwinValue reported, TwinValue observedDesired) {

  static Twin of(Object twin) {
    Map<String, Object> m = Tree.object(twin);
    return new Twin(Tree.string(m.get("propertyName")), TwinValue.of(m.get("reported")),
        TwinValue.of(m.get("observedDesired")));
  }
}
