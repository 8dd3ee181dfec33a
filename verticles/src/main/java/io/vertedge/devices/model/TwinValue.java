package io.vertedge.devices.model;

import java.util.Map;

/**
 * A value with its metadata, KubeEdge's {@code TwinProperty}: {@code desired},
 * {@code reported} and {@code observedDesired}. KubeEdge always writes {@code value} (no
 * omitempty), and an empty value means "none".
 *
 * @param value    the value as text; empty when absent
 * @param metadata e.g. {@code timestamp} and {@code type} for reported values
 */
public record TwinValue(String value, Map<String, String> metadata) {

  static final TwinValue EMPTY = new TwinValue("", Map.of());

  static TwinValue of(Object twinProperty) {
    Map<String, Object> m = Tree.object(twinProperty);
    String value = Tree.string(m.get("value"));
    return new TwinValue(value == null ? "" : value, Tree.strings(m.get("metadata")));
  }

  /** Whether a value is set (KubeEdge writes {@code value: ""} for none). */
  public boolean isSet() { return !value.isEmpty(); }
}
