package io.vertedge.cloud.join;

import io.vertedge.api.ApiException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes failures of the join port as Kubernetes {@code Status} objects (API.md section 5).
 * Kept local to the join package until a shared writer exists in {@code io.vertedge.api}.
 */
final class JoinStatus {

  private static final Logger LOG = LoggerFactory.getLogger(JoinStatus.class);

  private JoinStatus() { }

  static JsonObject toJson(ApiException failure) {
    return new JsonObject()
        .put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
        .put("status", "Failure").put("code", failure.code()).put("reason", failure.reason())
        .put("message", failure.getMessage());
  }

  /** The router's failure handler: ApiExceptions as they are, body limits as 413, the rest as 500. */
  static void handleFailure(RoutingContext ctx) {
    send(ctx, toApiException(ctx));
  }

  static void send(RoutingContext ctx, ApiException failure) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    if (failure.code() >= 500) {
      LOG.warn("[remote: {}] {} {} failed: {}", ctx.request().remoteAddress(), ctx.request().method(),
          ctx.request().path(), failure.getMessage());
    }
    ctx.response().setStatusCode(failure.code())
        .putHeader("Content-Type", "application/json")
        .end(toJson(failure).encode());
  }

  private static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (ctx.statusCode() == 413) {
      return ApiException.tooLarge("the request body exceeds " + JoinServer.MAX_BODY_BYTES + " bytes");
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      return ApiException.badRequest("bad request (" + ctx.statusCode() + ")");
    }
    LOG.error("[remote: {}] {} {} failed", ctx.request().remoteAddress(), ctx.request().method(), ctx.request().path(),
        failure);
    return ApiException.internal(failure == null ? "internal error" : "internal error: " + failure.getMessage());
  }
}
