package io.vertedge.mappers.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver is given to open a device: its {@code namespace/name} (for logs and errors), the
 * device's {@code spec.protocol.configData} merged over the model's {@code protocolConfigData}, and
 * its properties.
 */
public record DeviceSpec(String id, Map<String, Object> protocolConfig, List<PropertySpec> properties) {

  public DeviceSpec {
    Objects.requireNonNull(id, "id");
    protocolConfig = ConfigReader.copy(protocolConfig);
    properties = List.copyOf(properties);
  }

  /** Reads {@code spec.protocol.configData}, errors naming the field. */
  public ConfigReader protocol() {
    return new ConfigReader("protocol.configData", protocolConfig);
  }

  /** Properties by name, in declaration order; a duplicated name is refused. */
  public Map<String, PropertySpec> propertiesByName() {
    Map<String, PropertySpec> byName = new LinkedHashMap<>();
    for (PropertySpec property : properties) {
      if (byName.putIfAbsent(property.name(), property) != null) {
        throw new InvalidFieldException("properties[" + property.name() + "]", "declared twice");
      }
    }
    return byName;
  }
}
