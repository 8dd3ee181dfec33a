package io.vertedge.mappers.virtual;

import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import java.time.Duration;
import java.util.Random;

/**
 * Builds a property's {@link Signal} from its {@code visitors.configData}: {@code signal} is one of
 * {@code sine}, {@code random-walk}, {@code counter}, {@code constant} (the default), each with its
 * own keys. Every problem is reported at init with the field's path.
 */
final class Signals {

  private Signals() {
  }

  static Signal of(PropertySpec property, Random random) {
    ConfigReader visitors = property.visitors();
    String kind = visitors.string("signal").orElse("constant");
    if (!kind.equals("constant") && !property.type().isNumeric()) {
      throw new InvalidFieldException(visitors.field("signal"),
          "'" + kind + "' needs a numeric property (INT, FLOAT or DOUBLE); " + property.name() + " is " + property.type());
    }
    return switch (kind) {
      case "sine" -> sine(property.type(), visitors);
      case "random-walk" -> randomWalk(property.type(), visitors, random);
      case "counter" -> counter(property.type(), visitors);
      case "constant" -> constant(property, visitors);
      default -> throw new InvalidFieldException(visitors.field("signal"),
          "must be sine, random-walk, counter or constant, not '" + kind + "'");
    };
  }

  private static Signal sine(PropertyType type, ConfigReader visitors) {
    double min = visitors.decimal("min", 0);
    double max = visitors.decimal("max", 100);
    requireOrdered(visitors, min, max);
    double periodMillis = visitors.duration("period", Duration.ofSeconds(60)).toMillis();
    double middle = (min + max) / 2;
    double amplitude = (max - min) / 2;
    return elapsed -> type.format(middle + amplitude * Math.sin(2 * Math.PI * elapsed / periodMillis));
  }

  private static Signal randomWalk(PropertyType type, ConfigReader visitors, Random random) {
    double min = visitors.decimal("min", 0);
    double max = visitors.decimal("max", 100);
    requireOrdered(visitors, min, max);
    double step = visitors.decimal("step", 1);
    if (step <= 0) {
      throw new InvalidFieldException(visitors.field("step"), "must be greater than zero, not " + step);
    }
    double start = visitors.decimal("start", (min + max) / 2);
    if (start < min || start > max) {
      throw new InvalidFieldException(visitors.field("start"), "must lie between min " + min + " and max " + max + ", not " + start);
    }
    double[] current = {start};
    return elapsed -> {
      String value = type.format(current[0]);
      current[0] = Math.max(min, Math.min(max, current[0] + (random.nextDouble() * 2 - 1) * step));
      return value;
    };
  }

  private static Signal counter(PropertyType type, ConfigReader visitors) {
    double start = visitors.decimal("start", 0);
    double step = visitors.decimal("step", 1);
    if (step == 0) {
      throw new InvalidFieldException(visitors.field("step"), "must not be zero");
    }
    boolean wraps = visitors.has("max");
    double max = visitors.decimal("max", 0);
    if (wraps && (step > 0 ? max <= start : max >= start)) {
      throw new InvalidFieldException(visitors.field("max"), "must lie beyond start " + start + " in the direction of step " + step);
    }
    double[] current = {start};
    return elapsed -> {
      String value = type.format(current[0]);
      double next = current[0] + step;
      current[0] = wraps && (step > 0 ? next > max : next < max) ? start : next;
      return value;
    };
  }

  private static Signal constant(PropertySpec property, ConfigReader visitors) {
    String value = property.type().canonical(visitors.field("value"),
        visitors.string("value").orElse(zero(property.type())));
    return elapsed -> value;
  }

  private static String zero(PropertyType type) {
    return switch (type) {
      case INT -> "0";
      case FLOAT, DOUBLE -> "0.0";
      case BOOLEAN -> "false";
      case STRING, BYTES -> "";
    };
  }

  private static void requireOrdered(ConfigReader visitors, double min, double max) {
    if (min >= max) {
      throw new InvalidFieldException(visitors.field("max"), "must be greater than min " + min + ", not " + max);
    }
  }
}
