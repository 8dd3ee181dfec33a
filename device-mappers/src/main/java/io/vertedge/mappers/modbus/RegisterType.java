package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.InvalidFieldException;

/** The four Modbus tables, spelled as KubeEdge's visitors name them in {@code register}. */
enum RegisterType {
  COIL("CoilRegister", true, true),
  DISCRETE_INPUT("DiscreteInputRegister", true, false),
  HOLDING("HoldingRegister", false, true),
  INPUT("InputRegister", false, false);

  private final String visitorName;
  private final boolean bit;
  private final boolean writable;

  RegisterType(String visitorName, boolean bit, boolean writable) {
    this.visitorName = visitorName;
    this.bit = bit;
    this.writable = writable;
  }

  static RegisterType parse(String field, String name) {
    for (RegisterType type : values()) {
      if (type.visitorName.equals(name)) {
        return type;
      }
    }
    throw new InvalidFieldException(field,
        "must be CoilRegister, DiscreteInputRegister, HoldingRegister or InputRegister, not '" + name + "'");
  }

  /** One bit per address (coils, discrete inputs) rather than 16-bit registers. */
  boolean isBit() {
    return bit;
  }

  boolean isWritable() {
    return writable;
  }

  String visitorName() {
    return visitorName;
  }
}
