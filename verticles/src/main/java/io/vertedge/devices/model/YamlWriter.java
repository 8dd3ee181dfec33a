package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes trees as YAML the way kubectl lays it out (block style, two spaces, list items at their
 * key's indentation), one document after another separated by {@code ---}. Strings that would
 * read back as another type ({@code "25"}, {@code "on"}, {@code "2024-01-01"}) are quoted, and
 * multi-line strings are written as literal blocks.
 */
final class YamlWriter {

  private YamlWriter() { }

  static String write(List<Map<String, Object>> trees) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    Yaml yaml = new Yaml(new Representer(options), options); // a Yaml is not thread-safe: one per call
    return trees.size() == 1 ? yaml.dump(trees.get(0)) : yaml.dumpAll(trees.iterator());
  }
}
