package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * JSON patch (RFC 6902): {@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy} and {@code test}, paths as JSON pointers (RFC 6901). A malformed patch is a 400;
 * an operation that cannot apply (a path that does not exist, a failed test) is a 422 naming the
 * operation, and the object stays as it was.
 */
final class JsonPatch {

  private record Operation(int index, String op, List<String> path, List<String> from, Object value) {
    String describe() {
      return "operation " + index + " (" + op + " " + pointer(path) + ")";
    }
  }

  private JsonPatch() { }

  static UnaryOperator<Resource> of(Object patch) {
    if (!(patch instanceof List<?> items)) {
      throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
    }
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      operations.add(operation(i, items.get(i)));
    }
    return current -> {
      Object document = PlainTree.copy(current.document());
      for (Operation operation : operations) {
        document = apply(document, operation);
      }
      return Patches.document(current, document);
    };
  }

  private static Operation operation(int index, Object item) {
    if (!(item instanceof Map<?, ?> fields)) {
      throw ApiException.badRequest("JSON patch operation " + index + " is not an object");
    }
    String op = string(fields, "op", index);
    List<String> path = parsePointer(string(fields, "path", index), index);
    return switch (op) {
      case "add", "replace", "test" -> {
        if (!fields.containsKey("value")) {
          throw ApiException.badRequest("JSON patch operation " + index + " (" + op + ") has no \"value\"");
        }
        yield new Operation(index, op, path, null, fields.get("value"));
      }
      case "move", "copy" -> new Operation(index, op, path, parsePointer(string(fields, "from", index), index), null);
      case "remove" -> new Operation(index, op, path, null, null);
      default -> throw ApiException.badRequest("JSON patch operation " + index + " has an unknown op \"" + op
          + "\": expected add, remove, replace, move, copy or test");
    };
  }

  private static Object apply(Object document, Operation operation) {
    return switch (operation.op()) {
      case "add" -> add(document, operation.path(), PlainTree.copy(operation.value()), operation);
      case "remove" -> {
        remove(document, operation.path(), operation);
        yield document;
      }
      case "replace" -> {
        get(document, operation.path(), operation);
        yield operation.path().isEmpty() ? PlainTree.copy(operation.value())
            : set(document, operation.path(), PlainTree.copy(operation.value()), operation);
      }
      case "move" -> {
        if (isPrefix(operation.from(), operation.path()) && !operation.from().equals(operation.path())) {
          throw failed(operation, "a value cannot be moved into one of its own members");
        }
        Object value = get(document, operation.from(), operation);
        remove(document, operation.from(), operation);
        yield add(document, operation.path(), value, operation);
      }
      case "copy" -> add(document, operation.path(), PlainTree.copy(get(document, operation.from(), operation)),
          operation);
      default -> {
        if (!PlainTree.jsonEquals(get(document, operation.path(), operation), operation.value())) {
          throw failed(operation, "the value differs from the one tested");
        }
        yield document;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Object add(Object document, List<String> path, Object value, Operation operation) {
    if (path.isEmpty()) {
      return value;
    }
    Object parent = get(document, path.subList(0, path.size() - 1), operation);
    String last = path.get(path.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else if (parent instanceof List<?> list) {
      int index = last.equals("-") ? list.size() : index(last, list.size() + 1, operation);
      ((List<Object>) list).add(index, value);
    } else {
      throw failed(operation, "the parent of the path is not an object or an array");
    }
    return document;
  }

  @SuppressWarnings("unchecked")
  private static Object set(Object document, List<String> path, Object value, Operation operation) {
    Object parent = get(document, path.subList(0, path.size() - 1), operation);
    String last = path.get(path.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else {
      ((List<Object>) parent).set(index(last, ((List<?>) parent).size(), operation), value);
    }
    return document;
  }

  private static void remove(Object document, List<String> path, Operation operation) {
    if (path.isEmpty()) {
      throw failed(operation, "the whole document cannot be removed");
    }
    get(document, path, operation);
    Object parent = get(document, path.subList(0, path.size() - 1), operation);
    String last = path.get(path.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      map.remove(last);
    } else {
      ((List<?>) parent).remove(index(last, ((List<?>) parent).size(), operation));
    }
  }

  private static Object get(Object document, List<String> path, Operation operation) {
    Object current = document;
    for (int i = 0; i < path.size(); i++) {
      String token = path.get(i);
      if (current instanceof Map<?, ?> map && map.containsKey(token)) {
        current = map.get(token);
      } else if (current instanceof List<?> list && !token.equals("-")) {
        current = list.get(index(token, list.size(), operation));
      } else {
        throw failed(operation, "the path " + pointer(path.subList(0, i + 1)) + " does not exist");
      }
    }
    return current;
  }

  private static int index(String token, int bound, Operation operation) {
    if (!token.matches("0|[1-9][0-9]{0,8}") || Integer.parseInt(token) >= bound) {
      throw failed(operation, "\"" + token + "\" is not an index of the array (0 to " + (bound - 1) + ")");
    }
    return Integer.parseInt(token);
  }

  private static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  private static List<String> parsePointer(String pointer, int index) {
    if (pointer.isEmpty()) {
      return List.of();
    }
    if (!pointer.startsWith("/")) {
      throw ApiException.badRequest("JSON patch operation " + index + ": \"" + pointer
          + "\" is not a JSON pointer (it must start with /)");
    }
    List<String> tokens = new ArrayList<>();
    for (String token : pointer.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static String pointer(List<String> path) {
    StringBuilder out = new StringBuilder();
    path.forEach(token -> out.append('/').append(token.replace("~", "~0").replace("/", "~1")));
    return out.toString();
  }

  private static String string(Map<?, ?> fields, String name, int index) {
    if (!(fields.get(name) instanceof String value)) {
      throw ApiException.badRequest("JSON patch operation " + index + " has no \"" + name + "\" string");
    }
    return value;
  }

  private static ApiException failed(Operation operation, String why) {
    return new ApiException(422, "Invalid", "the JSON patch could not be applied: " + operation.describe() + ": "
        + why);
  }
}
