package io.vertedge.mappers.driver;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to a free-form configData map (parsed from YAML or JSON), with errors that name the
 * field by its full path. Numbers and booleans are accepted as JSON numbers/booleans or as strings,
 * because KubeEdge manifests carry both ({@code port: 502} and {@code port: "502"}).
 */
public final class ConfigReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private final String path;
  private final Map<String, Object> values;

  public ConfigReader(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values == null ? Map.of() : values;
  }

  /** An unmodifiable copy that, unlike {@code Map.copyOf}, keeps JSON nulls. */
  static Map<String, Object> copy(Map<String, Object> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String path() {
    return path;
  }

  /** Path of one key of this map, for errors raised by the caller. */
  public String field(String key) {
    return path + "." + key;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public Optional<String> string(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    throw new InvalidFieldException(field(key), "must be a string, not " + describe(value));
  }

  public String requiredString(String key) {
    String value = string(key).orElseThrow(() -> new InvalidFieldException(field(key), "is required"));
    if (value.isBlank()) {
      throw new InvalidFieldException(field(key), "must not be empty");
    }
    return value;
  }

  /** An integral number within {@code [min, max]}. */
  public long integer(String key, long fallback, long min, long max) {
    Object value = values.get(key);
    long parsed;
    if (value == null) {
      return fallback;
    } else if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      parsed = number.longValue();
    } else if (value instanceof String text && text.trim().matches("[-+]?\\d{1,18}")) {
      parsed = Long.parseLong(text.trim());
    } else {
      throw new InvalidFieldException(field(key), "must be an integer, not " + describe(value));
    }
    if (parsed < min || parsed > max) {
      throw new InvalidFieldException(field(key), "must be between " + min + " and " + max + ", not " + parsed);
    }
    return parsed;
  }

  /** A finite decimal number. */
  public double decimal(String key, double fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = value instanceof Number number ? number.doubleValue() : Double.parseDouble((String) value);
    } catch (ClassCastException | NumberFormatException e) {
      throw new InvalidFieldException(field(key), "must be a number, not " + describe(value));
    }
    if (!Double.isFinite(parsed)) {
      throw new InvalidFieldException(field(key), "must be a finite number, not " + parsed);
    }
    return parsed;
  }

  public boolean bool(String key, boolean fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new InvalidFieldException(field(key), "must be true or false, not " + describe(value));
  }

  /** A positive duration: a number of milliseconds, or a string such as {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}. */
  public Duration duration(String key, Duration fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(value.toString().trim());
    if ((!(value instanceof String) && !(value instanceof Number)) || !matcher.matches()) {
      throw new InvalidFieldException(field(key), "must be a duration such as 500ms, 60s, 2m or a number of milliseconds, not " + describe(value));
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    Duration parsed = switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofMillis(amount);
    };
    if (parsed.isZero()) {
      throw new InvalidFieldException(field(key), "must be longer than zero");
    }
    return parsed;
  }

  /** A nested map, read with its own path. */
  @SuppressWarnings("unchecked")
  public Optional<ConfigReader> nested(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> map) {
      return Optional.of(new ConfigReader(field(key), (Map<String, Object>) map));
    }
    throw new InvalidFieldException(field(key), "must be an object, not " + describe(value));
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      return "'" + text + "'";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof Iterable<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }
}
