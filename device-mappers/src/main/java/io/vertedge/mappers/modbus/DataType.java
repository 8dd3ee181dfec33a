package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.InvalidFieldException;
import java.util.Locale;

/** How the registers of one property are decoded; {@code registers} is 0 where {@code limit} decides (string). */
enum DataType {
  INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), FLOAT64(4), BOOLEAN(1), STRING(0);

  private final int registers;

  DataType(int registers) {
    this.registers = registers;
  }

  static DataType parse(String field, String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field,
          "must be int16, uint16, int32, uint32, float32, float64, boolean or string, not '" + name + "'");
    }
  }

  int registers() {
    return registers;
  }

  boolean isNumber() {
    return this != BOOLEAN && this != STRING;
  }

  String visitorName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
