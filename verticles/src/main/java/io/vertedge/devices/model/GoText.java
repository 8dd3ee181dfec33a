package io.vertedge.devices.model;

import java.math.BigDecimal;

/**
 * Writes values the way Kubernetes' Go code prints them in field errors ({@code %q} for
 * strings, {@code %v} for numbers and booleans), so our messages read exactly like the
 * apiserver's.
 */
final class GoText {

  private GoText() { }

  /** A string as Go's {@code strconv.Quote} writes it. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendQuoted(out, cp));
    return out.append('"').toString();
  }

  /** A value as Go's {@code %v} prints it for the simple types; strings quoted. */
  static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return number(d);
    }
    return String.valueOf(value);
  }

  /** A float64 as {@code %v} prints it: shortest digits, exponent form below 1e-4 and from 1e21. */
  static String number(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent >= -4 && exponent < 21) {
      return exact.toPlainString();
    }
    BigDecimal mantissa = exact.movePointLeft(exponent).stripTrailingZeros();
    String sign = exponent < 0 ? "-" : "+";
    int abs = Math.abs(exponent);
    return mantissa.toPlainString() + "e" + sign + (abs < 10 ? "0" : "") + abs;
  }

  private static void appendQuoted(StringBuilder out, int cp) {
    switch (cp) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0b -> out.append("\\v");
      default -> {
        if (cp < 0x20 || cp == 0x7f) {
          out.append(String.format("\\x%02x", cp));
        } else if (printable(cp)) {
          out.appendCodePoint(cp);
        } else if (cp < 0x10000) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space
  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }
}
