package io.vertedge.cli.ctl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -o}: a table (the default), a wider table, or the server's objects as YAML or JSON. */
enum Output {
  TABLE, WIDE, YAML, JSON;

  boolean isTable() {
    return this == TABLE || this == WIDE;
  }

  /** The object as this format writes it (YAML or JSON only). */
  String render(JsonObject object) {
    if (this == JSON) {
      return object.encodePrettily();
    }
    // laid out as kubectl (and the device model's writer): block style, two spaces, no line splits
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new Representer(options), options).dump(plain(object)).stripTrailing();
  }

  // SnakeYAML writes maps and lists, not Vert.x's wrappers of them
  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      return plain(object.getMap());
    }
    if (value instanceof JsonArray array) {
      return plain(array.getList());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(plain(item)));
      return copy;
    }
    return value;
  }

  /** Reads {@code -o}; anything else is a usage error (exit 2). */
  static final class Converter implements ITypeConverter<Output> {
    @Override
    public Output convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "wide" -> WIDE;
        case "yaml" -> YAML;
        case "json" -> JSON;
        default -> throw new TypeConversionException("unknown output format \"" + value
            + "\": expected yaml, json or wide");
      };
    }
  }
}
