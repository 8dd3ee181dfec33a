package io.vertedge.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ordered keys of one side ({@code cloud} or {@code edge}), looked up by name or environment variable. */
public final class KeyTable {

  private final String side;
  private final Map<String, ConfigKey> byName = new LinkedHashMap<>();
  private final Map<String, ConfigKey> byEnv = new LinkedHashMap<>();

  public KeyTable(String side, List<ConfigKey> keys) {
    this.side = side;
    for (ConfigKey key : keys) {
      if (byName.put(key.name(), key) != null || byEnv.put(key.envName(), key) != null) {
        throw new IllegalArgumentException("key declared twice: " + key.name());
      }
    }
  }

  /** {@code cloud} or {@code edge}. */
  public String side() {
    return side;
  }

  /** Every key, in declaration order (the order of the docs and the shipped YAML). */
  public List<ConfigKey> keys() {
    return List.copyOf(byName.values());
  }

  public Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Optional<ConfigKey> findByEnv(String envName) {
    return Optional.ofNullable(byEnv.get(envName));
  }

  /** The key of that name, or the unknown-key error with a suggestion. */
  public ConfigKey require(String name) {
    return find(name).orElseThrow(() -> unknownKey(name, byName.keySet()));
  }

  Collection<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  Collection<String> envNames() {
    return Collections.unmodifiableSet(byEnv.keySet());
  }

  /** {@code config: <typed>: unknown key (did you mean <nearest>?)}, without the parenthesis when nothing is near. */
  static ConfigException unknownKey(String typed, Collection<String> candidates) {
    String hint = DidYouMean.nearest(typed, candidates).map(n -> " (did you mean " + n + "?)").orElse("");
    return ConfigException.forKey(typed, "unknown key" + hint);
  }

  /** The union of several tables' names, for suggestions that span both sides. */
  static List<String> allNames(List<KeyTable> tables, boolean env) {
    List<String> names = new ArrayList<>();
    tables.forEach(t -> names.addAll(env ? t.envNames() : t.names()));
    return names;
  }
}
