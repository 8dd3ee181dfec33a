package io.vertedge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a key table as the shipped YAML file and as the Markdown table of
 * {@code docs/configuration.md}, so neither drifts from the code: tests compare the shipped
 * files with this output. {@code main(dir)} rewrites {@code dir/cloud.yaml} and {@code dir/edge.yaml}.
 */
public final class ConfigDocs {

  private ConfigDocs() { }

  /** Writes {@code cloud.yaml} and {@code edge.yaml} into the directory given as the only argument. */
  public static void main(String... args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "conf");
    Files.writeString(dir.resolve("cloud.yaml"), yaml(CloudKeys.TABLE), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("edge.yaml"), yaml(EdgeKeys.TABLE), StandardCharsets.UTF_8);
  }

  /** The YAML file: every key with its doc and unit as a comment and its default as the value. */
  public static String yaml(KeyTable table) {
    StringBuilder b = new StringBuilder()
        .append("# Vertedge ").append(table.side()).append(" configuration: vertedge ").append(table.side())
        .append(" --config ").append(table.side()).append(".yaml\n")
        .append("# Every key is shown with its default. Later wins: this file, then the environment\n")
        .append("# (link.heartbeatInterval is VERTEDGE_LINK_HEARTBEAT_INTERVAL), then --set KEY=VALUE, then options.\n")
        .append("# Durations: 500ms, 15s, 2m, 24h, 7d. Sizes: 64KiB, 1MiB, 1GiB or bytes. Port 0 = any free port.\n");
    String section = null;
    for (ConfigKey key : table.keys()) {
      int dot = key.name().indexOf('.');
      String keySection = dot < 0 ? null : key.name().substring(0, dot);
      if (keySection != null && !keySection.equals(section)) {
        b.append('\n').append(keySection).append(":\n");
      } else if (keySection == null) {
        b.append('\n');
      }
      section = keySection;
      String indent = keySection == null ? "" : "  ";
      String leaf = dot < 0 ? key.name() : key.name().substring(dot + 1);
      b.append(indent).append("# ").append(key.doc()).append(unitNote(key)).append('\n');
      if (key.defaultValue() == null) {
        b.append(indent).append("# ").append(leaf).append(":\n");
      } else {
        b.append(indent).append(leaf).append(": ").append(key.defaultValue()).append('\n');
      }
    }
    return b.toString();
  }

  /** The Markdown table: key, type, default, environment variable, doc. */
  public static String markdownTable(KeyTable table) {
    StringBuilder b = new StringBuilder("| key | type | default | environment | meaning |\n| --- | --- | --- | --- | --- |\n");
    for (ConfigKey key : table.keys()) {
      b.append("| `").append(key.name()).append("` | ").append(key.type().label().replace("|", "\\|"))
          .append(" | ").append(key.defaultValue() == null ? "—" : "`" + key.defaultValue() + "`")
          .append(" | `").append(key.envName()).append("` | ").append(key.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String unitNote(ConfigKey key) {
    return List.of("", "count").contains(key.unit()) ? "" : " [" + key.unit() + "]";
  }
}
