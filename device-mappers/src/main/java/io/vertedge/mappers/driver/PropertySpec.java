package io.vertedge.mappers.driver;

import java.util.Map;
import java.util.Objects;

/**
 * One property of a device as a driver needs it: the model's type and access mode, merged with the
 * device's {@code visitors.configData} (the device's visitors win over the model's).
 */
public record PropertySpec(String name, PropertyType type, AccessMode accessMode, Map<String, Object> visitorConfig) {

  public PropertySpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accessMode, "accessMode");
    visitorConfig = ConfigReader.copy(visitorConfig);
  }

  /** Reads this property's {@code visitors.configData}, errors naming the property. */
  public ConfigReader visitors() {
    return new ConfigReader("properties[" + name + "].visitors.configData", visitorConfig);
  }

  /** Path under which a written value is reported as invalid. */
  public String valueField() {
    return "properties[" + name + "].value";
  }
}
