package io.vertedge.devices.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document tree: JSON's types as plain Java values, deeply immutable, in document order.
 * Objects are {@code Map<String, Object>}, arrays {@code List<Object>}, and scalars
 * {@code String}, {@code Long} (or {@code BigInteger} beyond 64 bits), {@code Double},
 * {@code Boolean} or {@code null}. The readers for typed views are lenient: a value of another
 * type reads as absent, because type errors are the validator's to report, with their path.
 */
final class Tree {

  private Tree() { }

  /** A deep, unmodifiable copy in the tree's types; Vert.x {@code JsonObject}s and arrays are accepted. */
  static Map<String, Object> freeze(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("object keys must be strings, not " + e.getKey());
      }
      copy.put(key, freezeValue(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  static Object freezeValue(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return freeze(map);
    }
    if (value instanceof JsonObject json) {
      return freeze(json.getMap());
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(freezeValue(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof JsonArray json) {
      return freezeValue(json.getList());
    }
    if (value instanceof Number number) {
      return number(number);
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  private static Object number(Number number) {
    if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
      return number.longValue();
    }
    if (number instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    double d = number instanceof BigDecimal dec ? dec.doubleValue() : number.doubleValue();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + number);
    }
    return d;
  }

  /** The value at {@code keys} below {@code tree}, or {@code null} when any step is absent or not an object. */
  static Object at(Map<String, Object> tree, String... keys) {
    Object current = tree;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** A copy of {@code tree} with the value at {@code keys} replaced; {@code null} removes it. */
  static Map<String, Object> with(Map<String, Object> tree, List<String> keys, Object value) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no path");
    }
    Map<String, Object> copy = new LinkedHashMap<>(tree);
    String key = keys.get(0);
    if (keys.size() == 1) {
      if (value == null) {
        copy.remove(key);
      } else {
        copy.put(key, freezeValue(value));
      }
    } else {
      Map<String, Object> below = object(copy.get(key));
      copy.put(key, with(below, keys.subList(1, keys.size()), value));
    }
    return Collections.unmodifiableMap(copy);
  }

  static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  static Long integer(Object value) {
    return value instanceof Long l ? l : null;
  }

  static Boolean bool(Object value) {
    return value instanceof Boolean b ? b : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }

  /** The string members of an object (a {@code map<string,string>}); others are skipped. */
  static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    object(value).forEach((k, v) -> {
      if (v instanceof String s) {
        out.put(k, s);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** The string items of a list; others are skipped. */
  static List<String> stringList(Object value) {
    return list(value).stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  /** The JSON schema type name of a value, as Kubernetes prints it in type errors. */
  static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    return value instanceof Map<?, ?> ? "object" : "array";
  }
}
