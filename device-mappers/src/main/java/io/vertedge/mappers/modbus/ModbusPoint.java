package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;

/**
 * One property's place on the device, from its {@code visitors.configData}: {@code register},
 * {@code offset} (the first address), {@code limit} (registers to read), {@code dataType},
 * {@code scale}, {@code isSwap} (bytes within each register), {@code isRegisterSwap} (register
 * order). Every combination that cannot work is refused here, at init.
 */
record ModbusPoint(PropertySpec property, RegisterType register, int address, int count, DataType dataType,
                   double scale, boolean swapBytes, boolean swapRegisters) {

  /** A read of more than 125 registers does not fit one Modbus PDU. */
  static final int MAX_REGISTERS = 125;

  static ModbusPoint parse(PropertySpec property) {
    ConfigReader visitors = property.visitors();
    if (!visitors.has("register")) {
      throw new InvalidFieldException(visitors.field("register"),
          "is required (CoilRegister, DiscreteInputRegister, HoldingRegister or InputRegister)");
    }
    RegisterType register = RegisterType.parse(visitors.field("register"), visitors.requiredString("register"));
    int address = (int) visitors.integer("offset", 0, 0, 65_535);
    DataType dataType = dataType(property, register, visitors);
    int count = count(dataType, register, visitors);
    if (address + count > 65_536) {
      throw new InvalidFieldException(visitors.field("limit"), count + " registers from offset " + address + " run past address 65535");
    }
    double scale = visitors.decimal("scale", 1.0);
    if (scale == 0) {
      throw new InvalidFieldException(visitors.field("scale"), "must not be zero");
    }
    if (scale != 1.0 && !dataType.isNumber()) {
      throw new InvalidFieldException(visitors.field("scale"), "applies to numbers only; dataType is " + dataType.visitorName());
    }
    return new ModbusPoint(property, register, address, count, dataType, scale,
        visitors.bool("isSwap", false), visitors.bool("isRegisterSwap", false));
  }

  String describe() {
    return register.visitorName() + " " + address + (count > 1 ? "+" + count : "") + " as " + dataType.visitorName();
  }

  private static DataType dataType(PropertySpec property, RegisterType register, ConfigReader visitors) {
    String field = visitors.field("dataType");
    DataType dataType = visitors.string("dataType")
        .map(name -> DataType.parse(field, name))
        .orElseGet(() -> register.isBit() ? DataType.BOOLEAN : implied(property, visitors));
    if (register.isBit() && dataType != DataType.BOOLEAN) {
      throw new InvalidFieldException(field, register.visitorName() + " holds single bits; dataType must be boolean, not " + dataType.visitorName());
    }
    PropertyType type = property.type();
    boolean fits = switch (dataType) {
      case BOOLEAN -> type == PropertyType.BOOLEAN || type == PropertyType.INT;
      case STRING -> type == PropertyType.STRING;
      default -> type.isNumeric();
    };
    if (!fits) {
      throw new InvalidFieldException(field, dataType.visitorName() + " cannot be read into a " + type + " property");
    }
    return dataType;
  }

  /** Without {@code dataType}, the property's type decides (INT with limit 2 reads an int32). */
  private static DataType implied(PropertySpec property, ConfigReader visitors) {
    return switch (property.type()) {
      case INT -> visitors.integer("limit", 1, 1, MAX_REGISTERS) == 2 ? DataType.INT32 : DataType.INT16;
      case FLOAT -> DataType.FLOAT32;
      case DOUBLE -> DataType.FLOAT64;
      case BOOLEAN -> DataType.BOOLEAN;
      case STRING -> DataType.STRING;
      case BYTES -> throw new InvalidFieldException("properties[" + property.name() + "].type", "BYTES is not supported by the modbus driver");
    };
  }

  private static int count(DataType dataType, RegisterType register, ConfigReader visitors) {
    String field = visitors.field("limit");
    if (dataType == DataType.STRING) {
      if (!visitors.has("limit")) {
        throw new InvalidFieldException(field, "is required for a string: the number of registers it spans (two characters each)");
      }
      return (int) visitors.integer("limit", 0, 1, MAX_REGISTERS);
    }
    int needed = register.isBit() ? 1 : dataType.registers();
    long limit = visitors.integer("limit", needed, 1, MAX_REGISTERS);
    if (limit != needed) {
      throw new InvalidFieldException(field, dataType.visitorName() + " in a " + register.visitorName() + " spans "
          + needed + (needed == 1 ? " address" : " registers") + ", not " + limit);
    }
    return needed;
  }
}
