package io.vertedge.devices.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a document against its kind's {@link KnownFields}: collects the paths of unknown fields
 * and the values of the wrong JSON type, and prunes unknown fields as Kubernetes does for custom
 * resources. A {@code null} is as good as absent (Kubernetes prunes nulls of non-nullable fields).
 */
final class SchemaWalk {

  private final List<String> unknownFields = new ArrayList<>();
  private final List<FieldError> typeErrors = new ArrayList<>();

  private SchemaWalk() { }

  static SchemaWalk of(Resource resource) {
    SchemaWalk walk = new SchemaWalk();
    walk.walk(resource.document(), KnownFields.of(resource.kind()), FieldPath.root());
    return walk;
  }

  /** Paths of fields the kind does not know, in document order. */
  List<String> unknownFields() { return unknownFields; }

  /** Values whose JSON type is not the field's. */
  List<FieldError> typeErrors() { return typeErrors; }

  private void walk(Object value, Shape shape, FieldPath path) {
    if (value == null) {
      return;
    }
    if (shape instanceof Shape.Scalar scalar) {
      scalar(value, scalar.type(), path);
    } else if (shape instanceof Shape.Known known) {
      if (expect(value, Map.class, "object", path)) {
        ((Map<?, ?>) value).forEach((k, v) -> {
          Shape field = known.fields().get((String) k);
          if (field == null) {
            unknownFields.add(path.child((String) k).text());
          } else {
            walk(v, field, path.child((String) k));
          }
        });
      }
    } else if (shape instanceof Shape.MapOf map) {
      if (expect(value, Map.class, "object", path)) {
        ((Map<?, ?>) value).forEach((k, v) -> walk(v, map.values(), path.child((String) k)));
      }
    } else if (shape instanceof Shape.ListOf list) {
      if (expect(value, List.class, "array", path)) {
        List<?> items = (List<?>) value;
        for (int i = 0; i < items.size(); i++) {
          walk(items.get(i), list.items(), path.index(i));
        }
      }
    } else {
      expect(value, Map.class, "object", path); // free-form: any object
    }
  }

  private void scalar(Object value, String type, FieldPath path) {
    boolean matches = switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Long || value instanceof BigInteger;
      case "boolean" -> value instanceof Boolean;
      default -> value instanceof Number;
    };
    if (!matches) {
      typeErrors.add(FieldError.typeInvalid(path, type, Tree.typeName(value)));
    } else if (value instanceof BigInteger) {
      typeErrors.add(FieldError.invalid(path, value, "must fit in a 64-bit integer"));
    }
  }

  private boolean expect(Object value, Class<?> type, String typeName, FieldPath path) {
    if (type.isInstance(value)) {
      return true;
    }
    typeErrors.add(FieldError.typeInvalid(path, typeName, Tree.typeName(value)));
    return false;
  }

  /** {@code document} without the fields {@code shape} does not know (free-form content kept). */
  static Map<String, Object> prune(Map<String, Object> document, Shape shape) {
    return Tree.freeze((Map<?, ?>) prune((Object) document, shape));
  }

  private static Object prune(Object value, Shape shape) {
    if (shape instanceof Shape.Known known && value instanceof Map<?, ?> map) {
      Map<String, Object> kept = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        Shape field = known.fields().get((String) k);
        if (field != null) {
          kept.put((String) k, prune(v, field));
        }
      });
      return Collections.unmodifiableMap(kept);
    }
    if (shape instanceof Shape.ListOf list && value instanceof List<?> items) {
      return items.stream().map(item -> prune(item, list.items())).toList();
    }
    return value;
  }
}
