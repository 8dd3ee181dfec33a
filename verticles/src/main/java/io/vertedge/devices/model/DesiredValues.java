package io.vertedge.devices.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a desired value fits its model property: at most 512 bytes of UTF-8 (KUBEEDGE-COMPAT,
 * "values are any UTF-8 string up to 512 bytes"), not on a {@code ReadOnly} property, parsing as
 * the property's type, and within {@code minimum}/{@code maximum} for numeric types. An empty
 * value is no value (KubeEdge always writes {@code desired: {value: ""}}) and always fits.
 * Used for {@code spec.properties[].desired.value} and for the twin routes.
 */
public final class DesiredValues {

  /** The longest value accepted, in bytes of UTF-8. */
  public static final int MAX_BYTES = 512;

  static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private DesiredValues() { }

  /**
   * The problems of {@code value} as the desired value of {@code property} of the model named
   * {@code modelName}, reported at {@code field}; empty when it fits.
   */
  public static List<FieldError> check(FieldPath field, String value, ModelProperty property, String modelName) {
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return List.of(FieldError.tooLong(field, MAX_BYTES));
    }
    if (property.readOnly()) {
      return List.of(FieldError.forbidden(field, "property " + GoText.quote(property.name())
          + " is ReadOnly in DeviceModel " + GoText.quote(modelName)));
    }
    Optional<PropertyType> type = property.propertyType();
    if (type.isEmpty()) {
      return List.of(); // the model itself is invalid; it was refused when stored
    }
    Optional<String> problem = typeProblem(type.get(), value, property.name());
    if (problem.isPresent()) {
      return List.of(FieldError.invalid(field, value, problem.get()));
    }
    return rangeProblem(type.get(), value, property)
        .map(p -> List.of(FieldError.invalid(field, value, p))).orElse(List.of());
  }

  /**
   * Why {@code value} does not parse as {@code type} (property {@code name}), when it does not:
   * the type check alone, for values a device reports, which neither {@code ReadOnly} nor the
   * range concerns.
   */
  public static Optional<String> typeProblem(PropertyType type, String value, String name) {
    String because = ", as property " + GoText.quote(name) + " is " + type;
    return switch (type) {
      case INT -> integer(value) ? Optional.empty() : Optional.of("must be a 64-bit integer" + because);
      case FLOAT -> !DECIMAL.matcher(value).matches() ? Optional.of("must be a number" + because)
          : Math.abs(Double.parseDouble(value)) > Float.MAX_VALUE
              ? Optional.of("must be within the range of a 32-bit float" + because) : Optional.empty();
      case DOUBLE -> !DECIMAL.matcher(value).matches() ? Optional.of("must be a number" + because)
          : Double.isInfinite(Double.parseDouble(value))
              ? Optional.of("must be within the range of a 64-bit float" + because) : Optional.empty();
      case BOOLEAN -> value.equals("true") || value.equals("false")
          ? Optional.empty() : Optional.of("must be true or false" + because);
      default -> Optional.empty(); // STRING, BYTES, STREAM: any text
    };
  }

  private static Optional<String> rangeProblem(PropertyType type, String value, ModelProperty property) {
    if (!type.isNumeric()) {
      return Optional.empty();
    }
    BigDecimal v = decimal(value).orElse(null);
    BigDecimal min = decimal(property.minimum()).orElse(null);
    BigDecimal max = decimal(property.maximum()).orElse(null);
    String of = " of property " + GoText.quote(property.name());
    if (v != null && min != null && v.compareTo(min) < 0) {
      return Optional.of("must be greater than or equal to " + property.minimum() + ", the minimum" + of);
    }
    if (v != null && max != null && v.compareTo(max) > 0) {
      return Optional.of("must be less than or equal to " + property.maximum() + ", the maximum" + of);
    }
    return Optional.empty();
  }

  static boolean integer(String value) {
    if (!INTEGER.matcher(value).matches()) {
      return false;
    }
    try {
      Long.parseLong(value);
      return true;
    } catch (NumberFormatException e) {
      return false; // beyond 64 bits
    }
  }

  /** {@code text} as a number, when it is one (integer or decimal notation). */
  static Optional<BigDecimal> decimal(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty(); // an exponent beyond what BigDecimal holds
    }
  }
}
