package io.vertedge.mappers.driver;

import java.util.Base64;
import java.util.Locale;

/**
 * A model property's {@code type} and the canonical string form of its values, as KubeEdge's twin
 * carries them: integers in decimal, FLOAT and DOUBLE in Java's shortest round-trip form,
 * booleans as {@code true}/{@code false}, BYTES in base64. {@code STREAM} has no driver values.
 */
public enum PropertyType {
  INT, FLOAT, DOUBLE, STRING, BOOLEAN, BYTES;

  /** Parses the CRD spelling (any case). */
  public static PropertyType parse(String field, String type) {
    if (type == null || type.isEmpty()) {
      throw new InvalidFieldException(field, "is required (INT, FLOAT, DOUBLE, STRING, BOOLEAN or BYTES)");
    }
    try {
      return valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "must be INT, FLOAT, DOUBLE, STRING, BOOLEAN or BYTES, not '" + type + "'");
    }
  }

  /**
   * Checks a value against this type and returns its canonical form. Booleans accept Go's
   * {@code strconv.ParseBool} spellings (1, t, TRUE, ...), since KubeEdge mappers do.
   */
  public String canonical(String field, String value) {
    if (value == null) {
      throw new InvalidFieldException(field, "is required");
    }
    try {
      return switch (this) {
        case INT -> Long.toString(Long.parseLong(value.trim()));
        case FLOAT -> Float.toString(finite(Float.parseFloat(value.trim())));
        case DOUBLE -> Double.toString(finite(Double.parseDouble(value.trim())));
        case BOOLEAN -> Boolean.toString(parseBoolean(value.trim()));
        case BYTES -> Base64.getEncoder().encodeToString(Base64.getDecoder().decode(value.trim()));
        case STRING -> value;
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "'" + value + "' is not a valid " + this + " value" + hint());
    }
  }

  /** Whether numeric signals and scaling apply to this type. */
  public boolean isNumeric() {
    return this == INT || this == FLOAT || this == DOUBLE;
  }

  /** Formats a number in this numeric type's canonical form (INT rounds half away from zero). */
  public String format(double value) {
    return switch (this) {
      case INT -> Long.toString(Math.round(value));
      case FLOAT -> Float.toString((float) value);
      case DOUBLE -> Double.toString(value);
      default -> throw new IllegalStateException(this + " is not numeric");
    };
  }

  private String hint() {
    return switch (this) {
      case BOOLEAN -> " (true or false)";
      case BYTES -> " (base64)";
      case INT -> " (a 64-bit integer)";
      default -> "";
    };
  }

  private static boolean parseBoolean(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(value);
    };
  }

  private static float finite(float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("not finite");
    }
    return value;
  }

  private static double finite(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not finite");
    }
    return value;
  }
}
