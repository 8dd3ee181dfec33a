package io.vertedge.devices.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A model property's {@code accessMode}. */
public enum AccessMode {
  READ_WRITE("ReadWrite"), READ_ONLY("ReadOnly");

  private final String text;

  AccessMode(String text) { this.text = text; }

  /** As written in documents: {@code ReadWrite} or {@code ReadOnly}. */
  public String text() { return text; }

  /** The mode spelt exactly {@code text}. */
  public static Optional<AccessMode> of(String text) {
    return Arrays.stream(values()).filter(m -> m.text.equals(text)).findFirst();
  }

  static List<String> texts() {
    return Arrays.stream(values()).map(AccessMode::text).toList();
  }
}
