package io.vertedge.devices.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a known field, as much of an OpenAPI schema as the device CRDs need: JSON
 * scalar types, objects with known members, string maps, lists, and free-form objects whose
 * content is kept as given ({@code x-kubernetes-preserve-unknown-fields}).
 */
sealed interface Shape {

  Shape STRING = new Scalar("string");
  Shape INTEGER = new Scalar("integer");
  Shape BOOLEAN = new Scalar("boolean");
  Shape FREE_FORM = new FreeForm();

  /** A JSON scalar of schema type {@code type}: string, integer, number or boolean. */
  record Scalar(String type) implements Shape { }

  /** An object whose members are known; any other member is an unknown field. */
  record Known(Map<String, Shape> fields) implements Shape { }

  /** An object of any members, each of shape {@code values} ({@code map<string,string>}). */
  record MapOf(Shape values) implements Shape { }

  /** A list whose items have shape {@code items}. */
  record ListOf(Shape items) implements Shape { }

  /** An object kept as given, whatever it holds. */
  record FreeForm() implements Shape { }

  /** An object with the given members: name, shape, name, shape, ... */
  static Known known(Object... namesAndShapes) {
    Map<String, Shape> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndShapes.length; i += 2) {
      fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
    }
    return new Known(Map.copyOf(fields));
  }

  static Shape listOf(Shape items) { return new ListOf(items); }

  static Shape mapOf(Shape values) { return new MapOf(values); }
}
