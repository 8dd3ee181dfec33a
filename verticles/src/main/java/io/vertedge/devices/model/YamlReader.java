package io.vertedge.devices.model;

import io.vertedge.api.ApiException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML stream (one or more documents) into trees of JSON's types, as Kubernetes does:
 * YAML 1.1 scalars (so {@code on} is a boolean, {@code 0x10} is 16) except that timestamps stay
 * strings, merge keys ({@code <<}) applied, tags other than JSON's refused. Every error names the
 * line. Works on SnakeYAML's node graph, so it also sees duplicate keys and where each node is.
 */
final class YamlReader {

  private static final int MAX_DEPTH = 100;
  private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

  private final ScalarConstructor scalars;
  private final List<String> duplicates = new ArrayList<>();

  private YamlReader(ScalarConstructor scalars) {
    this.scalars = scalars;
  }

  /** The non-empty documents of the stream, in order. */
  static List<SourceDocument> read(String text) {
    LoaderOptions options = new LoaderOptions(); // keeps SnakeYAML's limits on aliases, nesting and size
    ScalarConstructor scalars = new ScalarConstructor(options);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(scalars, new Representer(dumper), dumper, options, new JsonTypesResolver());
    List<SourceDocument> documents = new ArrayList<>();
    try {
      int index = 0;
      for (Node node : yaml.composeAll(new StringReader(text))) {
        index++;
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
          continue; // an empty document (only "---" or comments): skipped, as kubectl does
        }
        documents.add(new YamlReader(scalars).document(node, index));
      }
    } catch (MarkedYAMLException e) {
      throw ApiException.badRequest("invalid YAML at " + position(e.getProblemMark()) + ": " + oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw ApiException.badRequest("invalid YAML: " + oneLine(e.getMessage()));
    }
    return documents;
  }

  private SourceDocument document(Node node, int index) {
    String origin = "document " + index + " (line " + (node.getStartMark().getLine() + 1) + ")";
    if (!(node instanceof MappingNode mapping)) {
      throw ApiException.badRequest(origin + ": expected an object (a YAML mapping), not " + kind(node));
    }
    Map<String, Object> tree = mapping(mapping, FieldPath.root(), 0);
    return new SourceDocument(Tree.freeze(tree), duplicates, origin);
  }

  private Object value(Node node, FieldPath path, int depth) {
    if (depth > MAX_DEPTH) {
      throw unsupported(node, "nested deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
    }
    if (node instanceof MappingNode mapping) {
      requireTag(node, Tag.MAP);
      return mapping(mapping, path, depth);
    }
    if (node instanceof SequenceNode sequence) {
      requireTag(node, Tag.SEQ);
      List<Object> list = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        list.add(value(item, path.index(list.size()), depth + 1));
      }
      return list;
    }
    return scalar((ScalarNode) node);
  }

  private Map<String, Object> mapping(MappingNode node, FieldPath path, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    Set<String> explicit = new HashSet<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        merge(map, explicit, tuple.getValueNode(), path, depth);
        continue;
      }
      String key = key(keyNode);
      if (!explicit.add(key)) {
        duplicates.add(path.child(key).text());
      }
      map.put(key, value(tuple.getValueNode(), path.child(key), depth + 1));
    }
    return map;
  }

  // "<<: *base" or "<<: [*a, *b]": keys given explicitly win, earlier merged maps win over later
  private void merge(Map<String, Object> map, Set<String> explicit, Node source, FieldPath path, int depth) {
    List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
    for (Node each : sources) {
      if (!(each instanceof MappingNode mapping)) {
        throw unsupported(each, "a merge key (<<) takes a mapping or a list of mappings, not " + kind(each));
      }
      mapping(mapping, path, depth + 1).forEach((k, v) -> {
        if (!explicit.contains(k)) {
          map.putIfAbsent(k, v);
        }
      });
    }
  }

  private String key(Node node) {
    if (!(node instanceof ScalarNode scalar)) {
      throw unsupported(node, "a key must be a single value, not " + kind(node));
    }
    return scalar.getValue(); // a key is its text, as Kubernetes' YAML to JSON conversion
  }

  private Object scalar(ScalarNode node) {
    if (!SCALAR_TAGS.contains(node.getTag())) {
      throw unsupported(node, "tag " + shortTag(node) + " is not supported (only strings, numbers, booleans and null)");
    }
    Object value = scalars.construct(node);
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw unsupported(node, node.getValue() + " is not a number JSON can hold");
    }
    return Tree.freezeValue(value);
  }

  private static void requireTag(Node node, Tag expected) {
    if (!node.getTag().equals(expected)) {
      throw unsupported(node, "tag " + shortTag(node) + " is not supported (only JSON's types)");
    }
  }

  private static ApiException unsupported(Node node, String problem) {
    return ApiException.badRequest("unsupported YAML at " + position(node.getStartMark()) + ": " + problem);
  }

  // tag:yaml.org,2002:binary is written !!binary
  private static String shortTag(Node node) {
    String tag = node.getTag().getValue();
    return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
  }

  private static String position(Mark mark) {
    return mark == null ? "line 1" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String kind(Node node) {
    return node instanceof SequenceNode ? "a list" : node instanceof MappingNode ? "a mapping" : "a single value";
  }

  private static String oneLine(String text) {
    return text == null ? "malformed YAML" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** SnakeYAML's own scalar construction (YAML 1.1 ints, floats, booleans), exposed per node. */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor(LoaderOptions options) {
      super(options);
    }

    Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }

  /** SnakeYAML's YAML 1.1 resolver without timestamps (they stay strings, as in Kubernetes). */
  private static final class JsonTypesResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
      addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, EMPTY, null, 10);
    }
  }
}
