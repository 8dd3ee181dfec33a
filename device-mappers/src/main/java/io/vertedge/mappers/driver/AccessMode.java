package io.vertedge.mappers.driver;

/** A model property's {@code accessMode}. */
public enum AccessMode {
  READ_WRITE("ReadWrite"),
  READ_ONLY("ReadOnly");

  private final String crdName;

  AccessMode(String crdName) {
    this.crdName = crdName;
  }

  /** Parses the CRD spelling; a missing mode is {@code ReadWrite}, as in KubeEdge. */
  public static AccessMode parse(String field, String value) {
    if (value == null || value.isEmpty()) {
      return READ_WRITE;
    }
    for (AccessMode mode : values()) {
      if (mode.crdName.equals(value)) {
        return mode;
      }
    }
    throw new InvalidFieldException(field, "must be ReadWrite or ReadOnly, not '" + value + "'");
  }

  public String crdName() {
    return crdName;
  }
}
