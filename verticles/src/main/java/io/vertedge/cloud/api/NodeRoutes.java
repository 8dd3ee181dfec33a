package io.vertedge.cloud.api;

import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code /api/v1/nodes}: list, get, delete and ping nodes through the {@link NodeDirectory}.
 * Failures (unknown node, not connected, no answer) reach the router's failure handler as
 * {@link ApiException}s and leave as {@code Status} objects.
 */
final class NodeRoutes {

  private final NodeDirectory nodes;

  NodeRoutes(NodeDirectory nodes) {
    this.nodes = nodes;
  }

  void mount(Router router) {
    router.get("/api/v1/nodes").handler(this::list);
    router.get("/api/v1/nodes/:name").handler(this::get);
    router.delete("/api/v1/nodes/:name").handler(this::delete);
    router.post("/api/v1/nodes/:name/ping").handler(this::ping);
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    nodes.list().forEach(node -> items.add(NodeJson.of(node)));
    JsonReplies.ok(ctx, new JsonObject().put("items", items));
  }

  private void get(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    NodeStatus node = nodes.get(name).orElseThrow(() -> notFound(name));
    JsonReplies.ok(ctx, NodeJson.of(node));
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    nodes.delete(name)
        .compose(deleted -> deleted ? Future.succeededFuture() : Future.failedFuture(notFound(name)))
        .onSuccess(done -> JsonReplies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void ping(RoutingContext ctx) {
    nodes.ping(ctx.pathParam("name"))
        .onSuccess(result -> JsonReplies.ok(ctx, NodeJson.of(result)))
        .onFailure(ctx::fail);
  }

  /** {@code nodes "edge-9" not found}, as Kubernetes words it. */
  static ApiException notFound(String name) {
    return new ApiException(404, "NotFound", "nodes \"" + name + "\" not found",
        new ApiException.Details(name, null, "nodes", List.of()));
  }
}
