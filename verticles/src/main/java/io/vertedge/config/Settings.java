package io.vertedge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The raw text of every key after layering, parsed: typed getters for one side's record
 * builder. Parsing happens here once, so a bad value fails with its key wherever it came from.
 */
final class Settings {

  /** Stands for the data directory at the start of a path default. */
  static final String DATA_PREFIX = "<data>/";

  private final Map<String, String> raw;
  private final Map<String, Object> values = new HashMap<>();

  Settings(KeyTable table, Map<String, String> raw, Path dataDir) {
    this.raw = Map.copyOf(raw);
    for (ConfigKey key : table.keys()) {
      String text = raw.containsKey(key.name()) ? raw.get(key.name()) : key.defaultValue();
      if (text != null) {
        values.put(key.name(), parse(key, text, dataDir));
      }
    }
  }

  private static Object parse(ConfigKey key, String text, Path dataDir) {
    Object value;
    try {
      value = key.type().parse(text);
    } catch (IllegalArgumentException e) {
      throw ConfigException.forKey(key.name(), e.getMessage());
    }
    if (value instanceof Path) {
      // relative paths live in the data directory, so one --data-dir moves everything
      String p = text.strip();
      return p.startsWith(DATA_PREFIX) ? dataDir.resolve(p.substring(DATA_PREFIX.length()))
          : dataDir.resolve((Path) value).normalize();
    }
    return value;
  }

  /** The text as given (or the default), for messages. */
  String raw(ConfigKey key) {
    return raw.getOrDefault(key.name(), key.defaultValue());
  }

  /** The value, or {@code null} for a key without default that nobody set. */
  <T> T get(ConfigKey key, Class<T> type) {
    return type.cast(values.get(key.name()));
  }

  String string(ConfigKey key) {
    return get(key, String.class);
  }

  int port(ConfigKey key) {
    return get(key, Integer.class);
  }

  int integer(ConfigKey key) {
    return get(key, Integer.class);
  }

  long size(ConfigKey key) {
    return get(key, Long.class);
  }

  Duration duration(ConfigKey key) {
    return get(key, Duration.class);
  }

  Path path(ConfigKey key) {
    return get(key, Path.class);
  }

  HostPort hostPort(ConfigKey host, ConfigKey port) {
    return new HostPort(string(host), port(port));
  }
}
