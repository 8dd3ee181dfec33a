package io.vertedge.cli.ctl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  boolean isTable() {
    return this == TABLE || this == WIDE;
  }

  /** The object as this format writes it (YAML or JSON only). */
  String render(JsonObject object) {
    if (this == JSON) {
      return kubectlJson(object);
    }
    // laid out as kubectl (and the device model's writer): block style, two spaces, no line splits
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new Representer(options), options).dump(plain(object)).stripTrailing();
  }

  // kubectl's layout: four spaces, "key": value, {} and [] when empty
  private static String kubectlJson(JsonObject object) {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""))
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    StringWriter out = new StringWriter();
    try (JsonParser parser = JSON_FACTORY.createParser(object.encode());
         JsonGenerator generator = JSON_FACTORY.createGenerator(out)) {
      generator.setPrettyPrinter(printer);
      parser.nextToken();
      generator.copyCurrentStructure(parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: it does not fail
    }
    return out.toString();
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
