package io.vertedge.mappers.push;

import io.vertedge.mappers.driver.PropertyType;

import java.time.Instant;
import java.util.Objects;

/**
 * One value read from a device, as its push methods send it: the device ({@code namespace/name}, its
 * node and model), the property with its model type and {@code unit} (null when the model gives
 * none), the value as the twin carries it, and when it was read.
 */
public record Reading(String namespace, String device, String node, String model, String property,
                      PropertyType type, String unit, String value, Instant time) {

  public Reading {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(time, "time");
  }

  /** {@code <namespace>/<name>}, KubeEdge's {@code device.id}. */
  public String deviceId() {
    return namespace + "/" + device;
  }
}
