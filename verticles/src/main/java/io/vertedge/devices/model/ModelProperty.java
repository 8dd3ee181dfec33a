package io.vertedge.devices.model;

import java.util.Map;
import java.util.Optional;

/**
 * One of a {@code DeviceModel}'s {@code spec.properties[]}. Members are the text as written
 * ({@code null} when absent); {@link #propertyType()} and {@link #accessModeValue()} read the enums.
 */
public record ModelProperty(String name, String description, String type, String accessMode,
    String minimum, String maximum, String unit, VisitorConfig visitors) {

  static ModelProperty of(Object property) {
    Map<String, Object> m = Tree.object(property);
    return new ModelProperty(Tree.string(m.get("name")), Tree.string(m.get("description")),
        Tree.string(m.get("type")), Tree.string(m.get("accessMode")),
        Tree.string(m.get("minimum")), Tree.string(m.get("maximum")),
        Tree.string(m.get("unit")), VisitorConfig.of(m.get("visitors")));
  }

  /** The type, when it is one of the supported ones. */
  public Optional<PropertyType> propertyType() { return PropertyType.of(type); }

  /** The access mode, when it is one of the supported ones. */
  public Optional<AccessMode> accessModeValue() { return AccessMode.of(accessMode); }

  /** Whether desired values are refused ({@code accessMode: ReadOnly}). */
  public boolean readOnly() { return AccessMode.READ_ONLY.text().equals(accessMode); }
}
