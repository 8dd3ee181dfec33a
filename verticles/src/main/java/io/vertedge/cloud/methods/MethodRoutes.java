package io.vertedge.cloud.methods;

import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.ObjectKey;
import io.vertedge.cloud.devices.ResourceErrors;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.config.Units;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceMethod;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.link.calls.DeviceMethodProtocol;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/namespaces/{ns}/devices/{name}/methods/{method}} with
 * {@code {"<property>":"<value>",...}} (API.md section 5): the device and its method are checked in
 * the registry (404), the call goes over the link to the device's node, and the edge's result
 * ({@code {"device","method","written"}}) or its refusal (as a {@code Status} with the edge's code
 * and reason) is the answer. A node that is not connected is a 503 at once, unless
 * {@code ?timeout=30s} (at most 5m) asks to wait for it to connect: then 504 when it expires.
 */
public final class MethodRoutes {

  static final String PATH = "/api/v1/namespaces/:namespace/devices/:name/methods/:method";
  /** Longer than the edge's own deadline per write (10 s), so the edge's 504 says more. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  static final Duration MAX_WAIT = Duration.ofMinutes(5);
  /** How often a node the caller waits for is looked at. */
  static final long CONNECT_CHECK_MS = 200;
  static final long MAX_BODY = 64 * 1024;

  private final DeviceRegistry registry;
  private final NodeDirectory nodes;

  public MethodRoutes(DeviceRegistry registry, NodeDirectory nodes) {
    this.registry = registry;
    this.nodes = nodes;
  }

  public void mount(Router router) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::call);
  }

  private void call(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    String method = ctx.pathParam("method");
    Duration wait = wait(ctx.request().getParam("timeout"));
    Map<String, String> values = values(ctx.body().asString());
    ObjectKey key = new ObjectKey(ResourceKind.DEVICE, namespace, name);
    Future<String> owner = registry.read(committed -> {
      if (!(committed.get(key) instanceof Device device)) {
        throw ResourceErrors.notFound(ResourceKind.DEVICE, name);
      }
      if (device.methods().stream().map(DeviceMethod::name).noneMatch(method::equals)) {
        throw ApiException.notFound("device " + namespace + "/" + name + " has no method " + method
            + " (its methods: " + device.methods().stream().map(DeviceMethod::name).toList() + ")");
      }
      if (device.nodeName() == null || device.nodeName().isEmpty()) {
        throw ApiException.unavailable("device " + namespace + "/" + name + " is on no node (spec.nodeName is empty)");
      }
      return device.nodeName();
    });
    String call = new JsonObject().put("namespace", namespace).put("name", name).put("method", method)
        .put("values", new JsonObject(new LinkedHashMap<>(values))).encode();
    Context here = ctx.vertx().getOrCreateContext();
    Future.fromCompletionStage(owner.toCompletionStage(), here)
        .compose(node -> connected(ctx.vertx(), node, wait).compose(v -> attempt(ctx.vertx(), node,
            DeviceMethodProtocol.call(node, namespace + "/" + name + "/" + method, call),
            wait == null ? 0 : System.nanoTime() + wait.toNanos())))
        .onSuccess(result -> JsonReplies.ok(ctx, result))
        .onFailure(ctx::fail);
  }

  /**
   * Calls the node; when the caller waits ({@code until} not 0) and the edge answers that it does
   * not hold the device or run it yet (a node that just connected gets its state a moment later),
   * calls again until {@code until}, then answers with the edge's last refusal.
   */
  private Future<JsonObject> attempt(Vertx vertx, String node, Envelope call, long until) {
    return nodes.call(node, call, CALL_TIMEOUT)
        .recover(failure -> Future.failedFuture(failure instanceof ApiException api && api.code() == 404
            ? ApiException.unavailable("node " + node + " is not connected") : failure))
        .compose(answer -> {
          JsonObject json = json(answer);
          JsonObject error = json.getJsonObject("error");
          if (error == null) {
            return Future.succeededFuture(json);
          }
          if (until != 0 && error.getBoolean("notYet", false) && until - System.nanoTime() > 0) {
            Promise<JsonObject> again = Promise.promise();
            vertx.setTimer(CONNECT_CHECK_MS, t -> attempt(vertx, node, call, until).onComplete(again));
            return again.future();
          }
          return Future.failedFuture(new ApiException(error.getInteger("code", 500), error.getString("reason",
              "InternalError"), error.getString("message", "the edge refused the call")));
        });
  }

  /** Completes with {@code node} once it is connected: at once, or within {@code wait} when one is given. */
  private Future<String> connected(Vertx vertx, String node, Duration wait) {
    if (isConnected(node)) {
      return Future.succeededFuture(node);
    }
    if (wait == null) {
      return Future.failedFuture(ApiException.unavailable("node " + node + " is not connected"
          + " (add ?timeout=30s to wait for it to connect)"));
    }
    Promise<String> up = Promise.promise();
    long deadline = System.nanoTime() + wait.toNanos();
    vertx.setPeriodic(CONNECT_CHECK_MS, timer -> {
      if (isConnected(node)) {
        vertx.cancelTimer(timer);
        up.tryComplete(node);
      } else if (System.nanoTime() - deadline >= 0) {
        vertx.cancelTimer(timer);
        up.tryFail(ApiException.timeout("node " + node + " did not connect within " + Units.formatDuration(wait)));
      }
    });
    return up.future();
  }

  private boolean isConnected(String node) {
    return nodes.get(node).map(NodeStatus::connected).orElse(false);
  }

  /** The edge's answer as JSON: its result, or {@code {"error":{...}}}. */
  private static JsonObject json(Envelope answer) {
    try {
      return new JsonObject(answer.getContent().toString(StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new ApiException(502, "BadGateway", "malformed method result from node " + answer.getNode() + ": "
          + e.getMessage());
    }
  }

  /** {@code ?timeout}: absent is no wait; 400 unless a duration of at most 5m. */
  static Duration wait(String text) {
    if (text == null) {
      return null;
    }
    Duration wait;
    try {
      wait = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("timeout: " + e.getMessage());
    }
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw ApiException.badRequest("timeout: " + text + " is longer than the most a call waits, "
          + Units.formatDuration(MAX_WAIT));
    }
    return wait;
  }

  /** The body's property values: 400 unless a non-empty JSON object of strings (numbers and booleans as written). */
  static Map<String, String> values(String body) {
    String expected = ": expected {\"<property>\":\"<value>\",...}";
    JsonObject json;
    try {
      json = new JsonObject(body == null ? "" : body);
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("the request body is not a JSON object" + expected);
    }
    if (json.isEmpty()) {
      throw ApiException.badRequest("the request body names no property" + expected);
    }
    Map<String, String> values = new LinkedHashMap<>();
    json.forEach(entry -> {
      Object value = entry.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw ApiException.badRequest("the value of " + entry.getKey() + " is not a string, number or boolean"
            + expected);
      }
      values.put(entry.getKey(), String.valueOf(value));
    });
    return values;
  }
}
