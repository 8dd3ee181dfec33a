package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The patch types of {@code PATCH}: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
 * Strategic merge patch and server-side apply are Kubernetes' own and answer 415. A patch that
 * is not JSON is a 400; the patched document is read like any other (400 when its apiVersion
 * or kind no longer fit).
 */
final class Patches {

  static final String MERGE = "application/merge-patch+json";
  static final String JSON = "application/json-patch+json";
  static final String ACCEPTED = JSON + ", " + MERGE;

  private Patches() { }

  /** The patch of the request body for its content type; 415 for a type we do not apply. */
  static UnaryOperator<Resource> of(String contentType, String body) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case MERGE -> merge(parse(body));
      case JSON -> JsonPatch.of(parse(body));
      default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
          + "accepted media types include: " + ACCEPTED + (type.isEmpty() ? "" : " (got " + type + ")"));
    };
  }

  static Object parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("the patch is empty");
    }
    try {
      return PlainTree.copy(Json.decodeValue(body));
    } catch (DecodeException e) {
      throw ApiException.badRequest("the patch is not valid JSON: " + e.getMessage());
    }
  }

  private static UnaryOperator<Resource> merge(Object patch) {
    if (!(patch instanceof Map<?, ?>)) {
      throw ApiException.badRequest("a merge patch must be a JSON object");
    }
    return current -> document(current, merge(PlainTree.copy(current.document()), patch));
  }

  /** RFC 7386: members of the patch replace the target's, null removes, objects merge recursively. */
  @SuppressWarnings("unchecked")
  static Object merge(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> members)) {
      return patch;
    }
    Map<String, Object> result = target instanceof Map<?, ?> ? (Map<String, Object>) target
        : new java.util.LinkedHashMap<>();
    members.forEach((key, value) -> {
      if (value == null) {
        result.remove((String) key);
      } else {
        result.put((String) key, merge(result.get(key), value));
      }
    });
    return result;
  }

  /** The patched tree as a resource of the same kind; 400 when it is not one any more. */
  @SuppressWarnings("unchecked")
  static Resource document(Resource current, Object patched) {
    if (!(patched instanceof Map<?, ?> map)) {
      throw ApiException.badRequest("the patched object is not a JSON object");
    }
    Resource resource = DeviceDocuments.fromDocument((Map<String, Object>) map);
    if (resource.kind() != current.kind()) {
      throw ApiException.badRequest("kind \"" + resource.kind().kind() + "\" does not match the expected kind \""
          + current.kind().kind() + "\"");
    }
    return resource;
  }
}
