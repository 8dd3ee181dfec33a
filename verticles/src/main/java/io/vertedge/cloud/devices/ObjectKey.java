package io.vertedge.cloud.devices;

import io.vertedge.devices.model.ResourceKind;

import java.util.Objects;

/**
 * Where an object lives in the registry: its kind, namespace and name. {@link #storeKey()} is
 * its key in the state store and the sort order of lists ({@code namespace/name}).
 */
public record ObjectKey(ResourceKind kind, String namespace, String name) {

  public ObjectKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** {@code namespace/name}: a namespace is a DNS label, so the slash cannot be part of it. */
  public String storeKey() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return kind.plural() + "/" + storeKey();
  }
}
