package io.vertedge.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Reads a config file into flat {@code dotted.key → raw text}: nested maps
 * ({@code link: {heartbeatInterval: 5s}}) and dotted keys ({@code link.heartbeatInterval: 5s})
 * mean the same. Scalars stay text exactly as written, so the key's own type parses them and
 * {@code 0x10} or {@code yes} are not silently turned into something else.
 */
final class YamlFile {

  private YamlFile() { }

  /** @return the keys in file order; a {@code null} value is an empty YAML value (= the default) */
  static Map<String, String> read(Path file) {
    Object root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = yaml().load(reader);
    } catch (MarkedYAMLException e) {
      throw new ConfigException("config: " + file + ":" + line(e.getProblemMark()) + ": " + oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException("config: " + file + ": " + oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new ConfigException("config: " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null) {
      return flat; // an empty or all-comments file: only defaults
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("config: " + file + ": expected keys and values, not a " + kind(root));
    }
    flatten("", map, flat);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> flat) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, flat);
      } else if (value instanceof List<?>) {
        throw ConfigException.forKey(key, "expected a single value, not a list");
      } else {
        flat.put(key, value == null ? null : value.toString());
      }
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new TextResolver());
  }

  private static int line(Mark mark) {
    return mark == null ? 1 : mark.getLine() + 1;
  }

  private static String oneLine(String text) {
    return text == null ? "malformed YAML" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String kind(Object value) {
    return value instanceof List<?> ? "list" : "single value";
  }

  /** Resolves plain scalars to strings, except the YAML null ({@code ~}, {@code null}, empty). */
  private static final class TextResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
