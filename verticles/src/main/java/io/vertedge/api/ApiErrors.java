package io.vertedge.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every failure of a router answer a Kubernetes {@code Status}: {@link ApiException}s
 * with their own code, unknown routes 404 {@code NotFound}, a wrong method 405
 * {@code MethodNotAllowed}, unreadable bodies 400 {@code BadRequest}, and anything else 500
 * {@code InternalError}, whose stack goes to the log once and never to the client.
 */
public final class ApiErrors {

  static final String NOT_FOUND = "the server could not find the requested resource";
  static final String METHOD_NOT_ALLOWED = "the server does not allow this method on the requested resource";

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() { }

  /** Installs the failure handler and the 404/405/500 error handlers on the router. */
  public static Router install(Router router) {
    router.route().failureHandler(ApiErrors::handle);
    // the router calls these itself when no route matches, without a failure handler
    router.errorHandler(404, ApiErrors::handle);
    router.errorHandler(405, ApiErrors::handle);
    router.errorHandler(500, ApiErrors::handle);
    return router;
  }

  private static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      // the answer is already out; a later failure can only be logged
      LOG.warn("[path: {}] failure after the response ended", ctx.request().path(), ctx.failure());
      return;
    }
    JsonReplies.status(ctx, toApiException(ctx));
  }

  /** The {@link ApiException} a failed request answers with. */
  static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
        && failure.getCause() instanceof DecodeException) {
      return ApiException.badRequest("the request body is not valid JSON: " + failure.getMessage());
    }
    if (failure instanceof ReplyException reply) {
      return fromReply(reply);
    }
    int code = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure == null || failure instanceof HttpException) {
      return fromCode(code, ctx);
    }
    LOG.error("[method: {}, path: {}] request failed", ctx.request().method(), ctx.request().path(), failure);
    return ApiException.internal("an internal error occurred; the server log has the details");
  }

  // an event-bus request that was not answered (STYLE: timeout → 504, nobody there → 503)
  private static ApiException fromReply(ReplyException reply) {
    return switch (reply.failureType()) {
      case TIMEOUT -> ApiException.timeout("no answer in time: " + reply.getMessage());
      case NO_HANDLERS -> ApiException.unavailable("not available: " + reply.getMessage());
      case RECIPIENT_FAILURE -> reply.failureCode() >= 400 && reply.failureCode() <= 599
          ? new ApiException(reply.failureCode(), reasonOf(reply.failureCode()), reply.getMessage())
          : ApiException.internal(reply.getMessage());
      default -> ApiException.internal(reply.getMessage());
    };
  }

  private static ApiException fromCode(int code, RoutingContext ctx) {
    return switch (code) {
      case 404 -> ApiException.notFound(NOT_FOUND);
      case 405 -> new ApiException(405, "MethodNotAllowed", METHOD_NOT_ALLOWED);
      case 400 -> ApiException.badRequest("the request is not valid");
      case 413 -> ApiException.tooLarge("the request body is too large");
      case 415 -> ApiException.unsupportedMediaType("the request's content type is not supported");
      default -> {
        if (code < 400 || code > 599 || code == 500) {
          LOG.error("[method: {}, path: {}] request failed with status {}", ctx.request().method(),
              ctx.request().path(), code);
          yield ApiException.internal("an internal error occurred; the server log has the details");
        }
        yield new ApiException(code, reasonOf(code), "the request failed with status " + code);
      }
    };
  }

  /** The Kubernetes reason of an HTTP status (API.md section 5). */
  public static String reasonOf(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "RequestEntityTooLarge";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "BadRequest";
    };
  }
}
