package io.vertedge.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the immutable configuration of each mode: defaults → YAML → {@code VERTEDGE_*}
 * environment → {@code --set} → dedicated flags, later wins. Pure: it reads the YAML file but
 * creates nothing; the caller creates the data directory.
 */
public final class ConfigLoader {

  /**
   * {@code VERTEDGE_*} variables that are not configuration keys and are therefore ignored:
   * the JVM flags of the {@code ./vertedge} launcher and the image's entry point, which stay in
   * the environment of the process they start.
   */
  static final Set<String> NON_CONFIG_ENV = Set.of("VERTEDGE_JAVA_OPTS");

  private static final String ENV_PREFIX = "VERTEDGE_";
  private static final List<KeyTable> ALL = List.of(CloudKeys.TABLE, EdgeKeys.TABLE);

  private ConfigLoader() { }

  /** @throws ConfigException on the first bad key, value or file, as one line */
  public static CloudConfig loadCloud(ConfigSources sources) {
    Path dataDir = dataDir(sources, "cloud");
    Map<String, String> raw = layered(CloudKeys.TABLE, sources, Map.of());
    return CloudKeys.build(new Settings(CloudKeys.TABLE, raw, dataDir), dataDir);
  }

  /** @throws ConfigException on the first bad key, value or file, as one line */
  public static EdgeConfig loadEdge(ConfigSources sources) {
    Path dataDir = dataDir(sources, "edge");
    Map<String, String> raw = layered(EdgeKeys.TABLE, sources, Map.of());
    return EdgeKeys.build(new Settings(EdgeKeys.TABLE, raw, dataDir), dataDir);
  }

  /**
   * Both sides of {@code vertedge demo}. A {@code --set} key may be prefixed {@code cloud.} or
   * {@code edge.} for one side; an unprefixed key applies to every side that has it. The
   * demo's {@code --data-dir} (default {@code <default>/demo}) holds {@code cloud/} and {@code edge/}.
   */
  public static DemoConfig loadDemo(ConfigSources sources) {
    Path demoDir = sources.dataDir() != null ? absolute(sources.dataDir()) : DataDirs.defaultFor("demo", sources.env());
    DemoSets sets = DemoSets.split(sources.sets());
    Path cloudDir = demoDir.resolve("cloud");
    Map<String, String> cloudRaw = layered(CloudKeys.TABLE, sources.withFile(null), sets.cloud(), Map.of());
    CloudConfig cloud = CloudKeys.build(new Settings(CloudKeys.TABLE, cloudRaw, cloudDir), cloudDir);

    Path edgeDir = demoDir.resolve("edge");
    Map<String, String> edgeDefaults = Map.of(
        EdgeKeys.NODE_NAME.name(), "demo-edge",
        EdgeKeys.CLOUD.name(), joinAddress(cloud));
    Map<String, String> edgeRaw = layered(EdgeKeys.TABLE, sources.withFile(null), sets.edge(), edgeDefaults);
    EdgeConfig edge = EdgeKeys.build(new Settings(EdgeKeys.TABLE, edgeRaw, edgeDir), edgeDir);
    return new DemoConfig(demoDir, cloud, edge);
  }

  /** Where the demo edge first looks for its cloud: the join listener, on loopback when it binds every address. */
  private static String joinAddress(CloudConfig cloud) {
    String host = cloud.join().host();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    return new HostPort(wildcard ? "127.0.0.1" : host, cloud.join().port()).toString();
  }

  private static Map<String, String> layered(KeyTable table, ConfigSources sources, Map<String, String> defaults) {
    List<SetArgument> sets = sources.sets().stream().map(SetArgument::parse).toList();
    return layered(table, sources, sets, defaults);
  }

  private static Map<String, String> layered(KeyTable table, ConfigSources sources, List<SetArgument> sets,
                                             Map<String, String> defaults) {
    Map<String, String> raw = new HashMap<>(defaults);
    if (sources.file() != null) {
      YamlFile.read(sources.file()).forEach((key, value) -> put(raw, table.require(key), value));
    }
    applyEnv(table, sources.env(), raw);
    for (SetArgument set : sets) {
      put(raw, table.require(set.key()), set.value());
    }
    sources.flags().forEach((key, value) -> put(raw, table.require(key), value));
    return raw;
  }

  /** An empty value puts the key back to its default (YAML {@code key:} with no value reads the same). */
  private static void put(Map<String, String> raw, ConfigKey key, String value) {
    if (value == null || value.isEmpty()) {
      raw.remove(key.name());
    } else {
      raw.put(key.name(), value);
    }
  }

  private static void applyEnv(KeyTable table, Map<String, String> env, Map<String, String> raw) {
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ENV_PREFIX))
        .sorted(Map.Entry.comparingByKey()) // the same error first on every run
        .forEach(e -> {
          var key = table.findByEnv(e.getKey());
          if (key.isPresent()) {
            // an empty variable is ignored, not a reset: compose files often pass ${UNSET} through
            if (!e.getValue().isEmpty()) {
              put(raw, key.get(), e.getValue());
            }
          } else if (!NON_CONFIG_ENV.contains(e.getKey()) && ALL.stream().allMatch(t -> t.findByEnv(e.getKey()).isEmpty())) {
            // a key of the other side is fine: one environment may serve a cloud and an edge
            throw KeyTable.unknownKey(e.getKey(), KeyTable.allNames(ALL, true));
          }
        });
  }

  private static Path dataDir(ConfigSources sources, String side) {
    return sources.dataDir() != null ? absolute(sources.dataDir()) : DataDirs.defaultFor(side, sources.env());
  }

  private static Path absolute(Path dir) {
    return dir.toAbsolutePath().normalize();
  }
}
