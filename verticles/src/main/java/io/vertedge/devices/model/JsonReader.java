package io.vertedge.devices.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertedge.api.ApiException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object into a tree, with Jackson's streaming parser (already on the class path
 * through Vert.x). Every error names the field path where it happened
 * ({@code spec.properties[0].desired}) and the line and column.
 */
final class JsonReader {

  private static final int MAX_DEPTH = 100;
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private final List<String> duplicates = new ArrayList<>();

  private JsonReader() { }

  static SourceDocument read(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ApiException.badRequest("invalid JSON: the document is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw failure(null, parser.currentTokenLocation(), "expected an object, not " + describe(first));
      }
      JsonReader reader = new JsonReader();
      Map<String, Object> tree = reader.object(parser, FieldPath.root());
      if (parser.nextToken() != null) {
        throw failure(parser, "unexpected content after the object");
      }
      return new SourceDocument(Tree.freeze(tree), reader.duplicates, "");
    } catch (JsonProcessingException e) {
      JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
      throw failure(parser, e.getLocation(), cleanMessage(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid JSON: " + e.getMessage());
    }
  }

  private Map<String, Object> object(JsonParser parser, FieldPath path) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      if (map.containsKey(name)) {
        duplicates.add(path.child(name).text());
      }
      map.put(name, value(parser, path.child(name)));
    }
    return map;
  }

  private Object value(JsonParser parser, FieldPath path) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(parser, path);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser, path.index(list.size())));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? Tree.freezeValue(parser.getBigIntegerValue()) : parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> finite(parser);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw failure(parser, "unexpected " + describe(parser.currentToken()));
    };
  }

  private static Double finite(JsonParser parser) throws IOException {
    double d = parser.getDoubleValue();
    if (!Double.isFinite(d)) {
      throw failure(parser, "number " + parser.getText() + " is out of range");
    }
    return d;
  }

  private static ApiException failure(JsonParser parser, String problem) {
    return failure(parser, parser.currentTokenLocation(), problem);
  }

  private static ApiException failure(JsonParser parser, JsonLocation location, String problem) {
    String path = parser == null ? "" : path(parser.getParsingContext());
    String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    String at = path.isEmpty() ? where : path + (where.isEmpty() ? "" : " (" + where + ")");
    return ApiException.badRequest("invalid JSON" + (at.isEmpty() ? "" : " at " + at) + ": " + problem);
  }

  // the parser's nesting as a Kubernetes field path: objects by member name, arrays by index
  private static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  // Jackson's messages end with where the source is ("at [Source: ...]"); we say that ourselves
  private static String cleanMessage(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    String first = message.strip().split("\\R", 2)[0];
    return first.replaceAll("\\s*\\((?:start marker )?at \\[Source:[^\\]]*\\]\\)", "")
        .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
        .replaceAll(", from `[^`]*`", "")
        .strip();
  }
}
