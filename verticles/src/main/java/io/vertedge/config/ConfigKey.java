package io.vertedge.config;

import java.util.Objects;

/**
 * One configuration key, declared once: its name, type, default, unit and one-line doc drive
 * defaults, parsing, validation, environment names, did-you-mean and the docs.
 *
 * @param name         dotted camelCase name, e.g. {@code link.heartbeatInterval}
 * @param type         how raw text is parsed
 * @param defaultValue the default as the user would write it; {@code null} when there is none
 *                     (the key is then optional or required, see the side's rules). A
 *                     {@code <data>/} prefix stands for the data directory.
 * @param unit         the unit for docs ({@code ""} when none)
 * @param doc          one line for docs and the shipped YAML
 */
public record ConfigKey(String name, KeyType type, String defaultValue, String unit, String doc) {

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(doc, "doc");
  }

  /** {@code link.heartbeatInterval} → {@code VERTEDGE_LINK_HEARTBEAT_INTERVAL}. */
  public String envName() {
    return envName(name);
  }

  /** The environment variable of a key name: camelCase → UPPER_SNAKE, dots → {@code _}, prefix {@code VERTEDGE_}. */
  public static String envName(String key) {
    StringBuilder b = new StringBuilder("VERTEDGE_");
    char previous = '.';
    for (char c : key.toCharArray()) {
      if (c == '.') {
        b.append('_');
      } else {
        if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
          b.append('_');
        }
        b.append(Character.toUpperCase(c));
      }
      previous = c;
    }
    return b.toString();
  }
}
