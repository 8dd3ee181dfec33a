package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The parts of a Kubernetes {@code DeleteOptions} body we honour: {@code preconditions.uid} and
 * {@code preconditions.resourceVersion} (409 when they do not hold). Propagation and grace
 * periods mean nothing here: objects go at once and have no dependents.
 */
record DeleteOptions(String uid, String resourceVersion) {

  static DeleteOptions of(String body) {
    if (body == null || body.isBlank()) {
      return new DeleteOptions(null, null);
    }
    try {
      JsonObject options = new JsonObject(body);
      JsonObject preconditions = options.getJsonObject("preconditions", new JsonObject());
      return new DeleteOptions(preconditions.getString("uid"), preconditions.getString("resourceVersion"));
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("the request body is not a valid DeleteOptions: " + e.getMessage());
    }
  }
}
