package io.vertedge.mappers.push;

import java.util.HashMap;
import java.util.Map;

/** Variations of a push method's configuration for the invalid-field tests. */
public final class ConfigMaps {

  private ConfigMaps() {
  }

  /** {@code config} with {@code key} set to {@code value}. */
  public static Map<String, Object> with(Map<String, Object> config, String key, Object value) {
    Map<String, Object> changed = new HashMap<>(config);
    changed.put(key, value);
    return changed;
  }

  /** {@code config} without {@code key}. */
  public static Map<String, Object> without(Map<String, Object> config, String key) {
    Map<String, Object> changed = new HashMap<>(config);
    changed.remove(key);
    return changed;
  }
}
