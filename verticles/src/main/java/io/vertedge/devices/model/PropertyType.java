package io.vertedge.devices.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The property types of a {@code DeviceModel} (KUBEEDGE-COMPAT 6.1), spelt as in documents. */
public enum PropertyType {
  INT, FLOAT, DOUBLE, STRING, BOOLEAN, BYTES, STREAM;

  /** Looked up for each desired value checked and each twin value typed: no stream per call. */
  private static final Map<String, Optional<PropertyType>> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(Enum::name, Optional::of));

  /** The type spelt exactly {@code text} (case-sensitive, as KubeEdge's CRD enum). */
  public static Optional<PropertyType> of(String text) {
    return text == null ? Optional.empty() : BY_NAME.getOrDefault(text, Optional.empty());
  }

  /** Whether values are compared with {@code minimum} and {@code maximum}. */
  public boolean isNumeric() {
    return this == INT || this == FLOAT || this == DOUBLE;
  }

  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
