package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code DeviceModel} (KUBEEDGE-COMPAT 6.1): the properties devices of this model have. */
public final class DeviceModel extends Resource {

  DeviceModel(Map<String, Object> document, List<String> duplicateFields) {
    super(document, duplicateFields);
  }

  @Override
  public ResourceKind kind() { return ResourceKind.DEVICE_MODEL; }

  /** {@code spec.protocol}, or {@code null}. */
  public String protocol() { return Tree.string(get("spec", "protocol")); }

  /** {@code spec.protocolConfigData}, free-form, as given; empty when absent. */
  public Map<String, Object> protocolConfigData() { return Tree.object(get("spec", "protocolConfigData")); }

  /** {@code spec.properties[]}. */
  public List<ModelProperty> properties() {
    return Tree.list(get("spec", "properties")).stream().map(ModelProperty::of).toList();
  }

  /** The first of {@code spec.properties[]} named {@code name}. */
  public Optional<ModelProperty> property(String name) {
    return properties().stream().filter(p -> name.equals(p.name())).findFirst();
  }

  @Override
  public DeviceModel with(List<String> keys, Object value) { return (DeviceModel) super.with(keys, value); }
}
