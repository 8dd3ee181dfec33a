package io.vertedge.devices.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The property types of a {@code DeviceModel} (KUBEEDGE-COMPAT 6.1), spelt as in documents. */
public enum PropertyType {
  INT, FLOAT, DOUBLE, STRING, BOOLEAN, BYTES, STREAM;

  /** The type spelt exactly {@code text} (case-sensitive, as KubeEdge's CRD enum). */
  public static Optional<PropertyType> of(String text) {
    return Arrays.stream(values()).filter(t -> t.name().equals(text)).findFirst();
  }

  /** Whether values are compared with {@code minimum} and {@code maximum}. */
  public boolean isNumeric() {
    return this == INT || this == FLOAT || this == DOUBLE;
  }

  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
