package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What a list or watch selects: a namespace (null for all), label and field selectors, and for
 * lists a page: at most {@code limit} objects (0: all) after the key a {@code continue} token
 * names. Pages are read from the registry as it is when each is asked for: an object is never
 * given twice, and one created or deleted between two pages may or may not appear.
 */
public record ListQuery(ResourceKind kind, String namespace, LabelSelector labels, FieldSelector fields, long limit,
                        String after) {

  public ListQuery {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(fields, "fields");
  }

  /** Everything of {@code kind} in {@code namespace} (null: every namespace). */
  public static ListQuery all(ResourceKind kind, String namespace) {
    return new ListQuery(kind, namespace, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, 0, null);
  }

  /** The query of a request's parameters; 400 when one of them is malformed. */
  public static ListQuery of(ResourceKind kind, String namespace, String labelSelector, String fieldSelector,
                             String limit, String continueToken) {
    return new ListQuery(kind, namespace, LabelSelector.parse(labelSelector), FieldSelector.parse(fieldSelector, kind),
        limit(limit), continueToken == null || continueToken.isEmpty() ? null : decode(continueToken));
  }

  public boolean matches(Resource resource) {
    return resource.kind() == kind
        && (namespace == null || namespace.equals(resource.namespace()))
        && labels.matches(resource.metadata().labels())
        && fields.matches(resource);
  }

  /** The token that continues a list after {@code lastKey} (a store key) as of {@code resourceVersion}. */
  static String continueToken(String lastKey, long resourceVersion) {
    String json = new JsonObject().put("v", 1).put("rv", resourceVersion).put("start", lastKey).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      String start = json.getString("start");
      if (json.getInteger("v", 0) != 1 || start == null || start.indexOf('/') < 0) {
        throw ApiException.badRequest("continue key is not valid: not a continue token of this server");
      }
      return start;
    } catch (IllegalArgumentException | ClassCastException | DecodeException e) {
      throw ApiException.badRequest("continue key is not valid: not a continue token of this server");
    }
  }

  private static long limit(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      long limit = Long.parseLong(text);
      if (limit >= 0) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the one message below
    }
    throw ApiException.badRequest("limit: Invalid value: \"" + text + "\": must be a non-negative integer");
  }
}
