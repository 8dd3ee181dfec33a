package io.vertedge.config;

import io.vertedge.mqtt.TopicFilter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value types of configuration keys. Each turns the raw text (from YAML, the environment
 * or the command line) into a value, or fails with the problem phrased for the user.
 */
public enum KeyType {
  STRING("text", KeyType::text),
  HOST("host", KeyType::host),
  PORT("port", KeyType::port),
  INT("integer", KeyType::integer),
  BOOLEAN("true|false", KeyType::bool),
  DURATION("duration", Units::parseDuration),
  SIZE("size", Units::parseSize),
  PATH("path", raw -> Path.of(text(raw))),
  TRANSPORT("websocket|quic|auto", raw -> oneOf(raw, Transport.values())),
  MQTT_MODE("internal|external", raw -> oneOf(raw, MqttMode.values())),
  TOPIC_FILTERS("MQTT topic filters, comma-separated", TopicFilter::parseList),
  PORTS("ports, comma-separated", KeyType::ports),
  NAMES("names, comma-separated, or none", KeyType::names);

  private final String label;
  private final Function<String, Object> parser;

  KeyType(String label, Function<String, Object> parser) {
    this.label = label;
    this.parser = parser;
  }

  /** What the docs print in the type column. */
  public String label() {
    return label;
  }

  /**
   * @throws IllegalArgumentException whose message is the problem, e.g.
   *     {@code "fast" is not a duration (e.g. 15s, 500ms)}
   */
  public Object parse(String raw) {
    return parser.apply(raw);
  }

  private static String text(String raw) {
    if (raw.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return raw.strip();
  }

  private static String host(String raw) {
    String host = raw.strip();
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || host.contains("/")) {
      throw new IllegalArgumentException(Units.quote(raw) + " is not a host name or IP address");
    }
    return host;
  }

  private static Integer port(String raw) {
    try {
      int port = Integer.parseInt(raw.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // falls through to the one message for every bad port
    }
    throw new IllegalArgumentException(Units.quote(raw) + " is not a port (0-65535, 0 = any free port)");
  }

  private static java.util.Set<Integer> ports(String raw) {
    java.util.Set<Integer> ports = new java.util.TreeSet<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        int port = port(part);
        if (port == 0) {
          throw new IllegalArgumentException("0 is not a port an app listens on");
        }
        ports.add(port);
      }
    }
    return java.util.Collections.unmodifiableSet(ports);
  }

  /** Distinct names in the order given; {@code none} is the empty list (an empty value means the default). */
  private static java.util.List<String> names(String raw) {
    if (raw.strip().equals("none")) {
      return java.util.List.of();
    }
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String name = part.strip();
      if (!name.isEmpty()) {
        if (name.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException(Units.quote(name) + " is not a name (names are comma-separated)");
        }
        names.add(name);
      }
    }
    return java.util.List.copyOf(names);
  }

  private static Integer integer(String raw) {
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(Units.quote(raw) + " is not an integer");
    }
  }

  private static Boolean bool(String raw) {
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(Units.quote(raw) + " is not true or false");
    };
  }

  private static <E extends Enum<E>> E oneOf(String raw, E[] values) {
    String wanted = raw.strip().toUpperCase(Locale.ROOT);
    for (E value : values) {
      if (value.name().equals(wanted)) {
        return value;
      }
    }
    String allowed = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(Units.quote(raw) + " is not one of " + allowed);
  }
}
