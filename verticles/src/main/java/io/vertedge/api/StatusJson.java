package io.vertedge.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Renders an {@link ApiException} as a Kubernetes {@code Status} object (API.md section 5), so
 * kubectl-style clients read our errors. Fields are written in the order API.md shows them;
 * {@code details} and its members appear only when they carry something.
 */
public final class StatusJson {

  private StatusJson() { }

  /** The {@code Status} object for a failure. */
  public static JsonObject of(ApiException failure) {
    JsonObject status = new JsonObject()
        .put("kind", "Status")
        .put("apiVersion", "v1")
        .put("metadata", new JsonObject())
        .put("status", "Failure")
        .put("code", failure.code())
        .put("reason", failure.reason())
        .put("message", failure.getMessage() == null ? "" : failure.getMessage());
    JsonObject details = details(failure.details());
    if (!details.isEmpty()) {
      status.put("details", details);
    }
    return status;
  }

  private static JsonObject details(ApiException.Details details) {
    JsonObject json = new JsonObject();
    putIfPresent(json, "name", details.name());
    putIfPresent(json, "group", details.group());
    putIfPresent(json, "kind", details.kind());
    if (details.causes() != null && !details.causes().isEmpty()) {
      JsonArray causes = new JsonArray();
      for (ApiException.Cause cause : details.causes()) {
        JsonObject c = new JsonObject();
        putIfPresent(c, "reason", cause.reason());
        putIfPresent(c, "field", cause.field());
        putIfPresent(c, "message", cause.message());
        causes.add(c);
      }
      json.put("causes", causes);
    }
    return json;
  }

  // Kubernetes omits empty strings in Status (omitempty), so do we
  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(key, value);
    }
  }
}
