package io.vertedge.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiErrorsTest {

  private WebClient client;

  @BeforeEach
  void serve(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/conflict").handler(ctx -> ctx.fail(ApiException.conflict("device thermo-1 changed meanwhile")));
    router.get("/async-timeout").handler(ctx ->
        Future.<Void>failedFuture(ApiException.timeout("no answer in 5s")).onFailure(ctx::fail));
    router.get("/bug").handler(ctx -> {
      throw new IllegalStateException("secret internals");
    });
    router.post("/echo").handler(BodyHandler.create().setBodyLimit(1024));
    router.post("/echo").handler(ctx -> JsonReplies.ok(ctx, ctx.body().asJsonObject()));
    ApiErrors.install(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()));
  }

  @Test
  void apiExceptionKeepsItsCodeAndReason() {
    HttpResponse<Buffer> response = client.get("/conflict").send().await();

    assertStatus(response, 409, "Conflict", "device thermo-1 changed meanwhile");
  }

  @Test
  void failedFutureIsRenderedLikeAThrow() {
    assertStatus(client.get("/async-timeout").send().await(), 504, "Timeout", "no answer in 5s");
  }

  @Test
  void unknownRouteIsNotFoundStatus() {
    assertStatus(client.get("/nowhere").send().await(), 404, "NotFound",
        "the server could not find the requested resource");
  }

  @Test
  void wrongMethodIsMethodNotAllowedStatus() {
    assertStatus(client.delete("/conflict").send().await(), 405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource");
  }

  @Test
  void brokenJsonBodyIsBadRequest() {
    HttpResponse<Buffer> response = client.post("/echo").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"value\":")).await();

    assertEquals(400, response.statusCode());
    assertEquals("BadRequest", response.bodyAsJsonObject().getString("reason"));
  }

  @Test
  void tooLargeBodyIsRequestEntityTooLarge() {
    HttpResponse<Buffer> response = client.post("/echo").sendBuffer(Buffer.buffer(new byte[4096])).await();

    assertStatus(response, 413, "RequestEntityTooLarge", "the request body is too large");
  }

  @Test
  void unexpectedFailureIsInternalErrorWithoutItsStack() {
    HttpResponse<Buffer> response = client.get("/bug").send().await();

    assertEquals(500, response.statusCode());
    assertEquals("InternalError", response.bodyAsJsonObject().getString("reason"));
    assertFalse(response.bodyAsString().contains("secret internals"), response.bodyAsString());
    assertFalse(response.bodyAsString().contains("IllegalStateException"), response.bodyAsString());
  }

  static void assertStatus(HttpResponse<Buffer> response, int code, String reason, String message) {
    assertEquals(code, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("content-type"));
    assertEquals(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
        .put("status", "Failure").put("code", code).put("reason", reason).put("message", message),
        response.bodyAsJsonObject());
  }
}
