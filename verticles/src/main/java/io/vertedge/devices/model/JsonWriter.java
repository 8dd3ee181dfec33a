package io.vertedge.devices.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Writes a tree as JSON, members in document order. */
final class JsonWriter {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonWriter() { }

  static String write(Map<String, Object> tree, boolean pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      if (pretty) {
        generator.useDefaultPrettyPrinter();
      }
      value(generator, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void value(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof BigInteger big) {
      out.writeNumber(big);
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.writeFieldName((String) e.getKey());
        value(out, e.getValue());
      }
      out.writeEndObject();
    } else {
      out.writeStartArray();
      for (Object item : (List<?>) value) {
        value(out, item);
      }
      out.writeEndArray();
    }
  }
}
