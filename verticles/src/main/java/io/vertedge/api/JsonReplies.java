package io.vertedge.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers and {@code Status} errors the same way on every Vertedge route. */
public final class JsonReplies {

  /** Content type of every JSON answer. */
  public static final String APPLICATION_JSON = "application/json";

  private JsonReplies() { }

  /** Answers {@code status} with the JSON body. */
  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(body.encode());
  }

  /** Answers 200 with the JSON body. */
  public static Future<Void> ok(RoutingContext ctx, JsonObject body) {
    return json(ctx, 200, body);
  }

  /** Answers 204 without a body. */
  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }

  /** Answers with the failure's code and its {@code Status} object. */
  public static Future<Void> status(RoutingContext ctx, ApiException failure) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // too late for a Status: the answer has begun, so all we can do is cut it
      response.reset();
      return Future.succeededFuture();
    }
    return json(ctx, failure.code(), StatusJson.of(failure));
  }
}
