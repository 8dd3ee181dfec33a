package io.vertedge.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where configuration comes from, in increasing precedence: the defaults, {@code file}
 * (YAML), {@code env} ({@code VERTEDGE_*}), {@code sets} ({@code --set key=value}, in order),
 * {@code flags} (dedicated options such as {@code --node-name}, by key name). {@code dataDir}
 * is {@code --data-dir}; {@code null} selects the default of API.md §3.
 *
 * @param file    a YAML file, or {@code null}
 * @param env     the process environment (other variables than {@code VERTEDGE_*} are ignored,
 *                except {@code XDG_DATA_HOME} for the default data directory)
 * @param sets    {@code key=value} texts as given to {@code --set}
 * @param flags   key name → raw value, from dedicated options
 * @param dataDir {@code --data-dir}, or {@code null}
 */
public record ConfigSources(Path file, Map<String, String> env, List<String> sets, Map<String, String> flags,
                            Path dataDir) {

  public ConfigSources {
    env = Map.copyOf(env);
    sets = List.copyOf(sets);
    flags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flags));
  }

  /** Only defaults: no file, no environment, nothing on the command line. */
  public static ConfigSources empty() {
    return new ConfigSources(null, Map.of(), List.of(), Map.of(), null);
  }

  public ConfigSources withFile(Path newFile) {
    return new ConfigSources(newFile, env, sets, flags, dataDir);
  }

  public ConfigSources withEnv(Map<String, String> newEnv) {
    return new ConfigSources(file, newEnv, sets, flags, dataDir);
  }

  /** Adds {@code --set} texts after the ones already there. */
  public ConfigSources withSets(List<String> more) {
    List<String> all = new ArrayList<>(sets);
    all.addAll(more);
    return new ConfigSources(file, env, all, flags, dataDir);
  }

  /** Sets a dedicated flag's value; {@code null} (option not given) leaves the flags unchanged. */
  public ConfigSources withFlag(String key, String value) {
    if (value == null) {
      return this;
    }
    Map<String, String> all = new LinkedHashMap<>(flags);
    all.put(key, value);
    return new ConfigSources(file, env, sets, all, dataDir);
  }

  public ConfigSources withDataDir(Path newDataDir) {
    return new ConfigSources(file, env, sets, flags, newDataDir);
  }
}
