package io.vertedge.devices.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Finds the {@code DeviceModel} a device refers to, in the device's namespace. */
@FunctionalInterface
public interface ModelLookup {

  /** The namespace of a resource that names none. */
  String DEFAULT_NAMESPACE = "default";

  /** The model {@code name} in {@code namespace}, if there is one. */
  Optional<DeviceModel> find(String namespace, String name);

  /** Looks among {@code models}; a model without a namespace is in {@link #DEFAULT_NAMESPACE}. */
  static ModelLookup of(Collection<DeviceModel> models) {
    List<DeviceModel> copy = List.copyOf(models);
    return (namespace, name) -> copy.stream()
        .filter(m -> Objects.equals(m.name(), name))
        .filter(m -> Objects.equals(Objects.requireNonNullElse(m.namespace(), DEFAULT_NAMESPACE), namespace))
        .findFirst();
  }
}
