package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertyType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Register bytes ↔ the property's string value. Modbus sends each register big-endian; a device
 * that keeps bytes or registers the other way round is described by {@code isSwap} and
 * {@code isRegisterSwap}. Both are their own inverse and commute, so the same
 * {@link #deviceOrder} turns wire bytes into big-endian values and back.
 */
final class RegisterCodec {

  private RegisterCodec() {
  }

  static String decode(ModbusPoint point, byte[] wire) {
    ByteBuffer value = ByteBuffer.wrap(deviceOrder(point, wire));
    PropertyType type = point.property().type();
    return switch (point.dataType()) {
      case BOOLEAN -> bit(type, value.getShort() != 0);
      case STRING -> trimNul(new String(value.array(), StandardCharsets.UTF_8));
      case INT16 -> type.format(value.getShort() * point.scale());
      case UINT16 -> type.format((value.getShort() & 0xFFFF) * point.scale());
      case INT32 -> type.format(value.getInt() * point.scale());
      case UINT32 -> type.format((value.getInt() & 0xFFFF_FFFFL) * point.scale());
      case FLOAT32 -> type.format(value.getFloat() * point.scale());
      case FLOAT64 -> type.format(value.getDouble() * point.scale());
    };
  }

  static String decodeBit(ModbusPoint point, boolean on) {
    return bit(point.property().type(), on);
  }

  /** The wire bytes for a written value; a value the registers cannot hold is refused naming the value. */
  static byte[] encode(ModbusPoint point, String value) {
    String field = point.property().valueField();
    String canonical = point.property().type().canonical(field, value);
    ByteBuffer buffer = ByteBuffer.allocate(point.count() * 2);
    switch (point.dataType()) {
      case BOOLEAN -> buffer.putShort((short) (encodeBit(point, canonical) ? 1 : 0));
      case STRING -> buffer.put(text(point, field, canonical));
      case INT16 -> buffer.putShort((short) integral(point, field, canonical, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> buffer.putShort((short) integral(point, field, canonical, 0, 0xFFFF));
      case INT32 -> buffer.putInt((int) integral(point, field, canonical, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case UINT32 -> buffer.putInt((int) integral(point, field, canonical, 0, 0xFFFF_FFFFL));
      case FLOAT32 -> buffer.putFloat(float32(point, field, canonical));
      case FLOAT64 -> buffer.putDouble(Double.parseDouble(canonical) / point.scale());
    }
    return deviceOrder(point, buffer.array());
  }

  /** A coil or boolean register value from a canonical BOOLEAN ({@code true}) or INT ({@code 0}/{@code 1}) string. */
  static boolean encodeBit(ModbusPoint point, String canonical) {
    return switch (canonical) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new InvalidFieldException(point.property().valueField(), "'" + canonical + "' is not 0 or 1");
    };
  }

  static byte[] deviceOrder(ModbusPoint point, byte[] bytes) {
    byte[] ordered = bytes.clone();
    int registers = ordered.length / 2;
    for (int i = 0; i < registers; i++) {
      int from = point.swapRegisters() ? registers - 1 - i : i;
      ordered[2 * i] = bytes[2 * from + (point.swapBytes() ? 1 : 0)];
      ordered[2 * i + 1] = bytes[2 * from + (point.swapBytes() ? 0 : 1)];
    }
    return ordered;
  }

  private static long integral(ModbusPoint point, String field, String canonical, long min, long max) {
    double raw = Double.parseDouble(canonical) / point.scale();
    long rounded = Math.round(raw);
    if (rounded < min || rounded > max) {
      throw new InvalidFieldException(field, "'" + canonical + "' is out of range for " + point.dataType().visitorName()
          + " (" + min + ".." + max + ")" + (point.scale() == 1.0 ? "" : " after dividing by scale " + point.scale()));
    }
    return rounded;
  }

  private static float float32(ModbusPoint point, String field, String canonical) {
    float raw = (float) (Double.parseDouble(canonical) / point.scale());
    if (!Float.isFinite(raw)) {
      throw new InvalidFieldException(field, "'" + canonical + "' is out of range for float32");
    }
    return raw;
  }

  private static byte[] text(ModbusPoint point, String field, String canonical) {
    byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > point.count() * 2) {
      throw new InvalidFieldException(field, "is " + bytes.length + " bytes long; the string spans "
          + point.count() + " registers (" + point.count() * 2 + " bytes)");
    }
    return bytes;
  }

  private static String bit(PropertyType type, boolean on) {
    return type == PropertyType.INT ? (on ? "1" : "0") : Boolean.toString(on);
  }

  private static String trimNul(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\0') {
      end--;
    }
    return text.substring(0, end);
  }
}
