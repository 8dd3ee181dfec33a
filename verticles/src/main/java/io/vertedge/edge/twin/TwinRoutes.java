package io.vertedge.edge.twin;

import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;

/**
 * The edge API's read-only twin route (API.md §5), as this edge knows the twins, so it answers
 * while the cloud is down: {@code GET /api/v1/namespaces/{ns}/devices/{name}/twins} →
 * {@code {"items":[{"property","desired":{"value","version"},"reported":{"value","timestamp"}}]}},
 * one item per property of the device's model, {@code desired} and {@code reported} only when set.
 */
public final class TwinRoutes {

  private TwinRoutes() { }

  /** Adds the route to the edge API's router. */
  public static void register(Router router, DeviceTwin twin) {
    router.get("/api/v1/namespaces/:namespace/devices/:name/twins").handler(ctx -> twins(ctx, twin));
  }

  private static void twins(RoutingContext ctx, DeviceTwin twin) {
    String name = ctx.pathParam("name");
    twin.twins(ctx.pathParam("namespace"), name)
        .recover(failure -> Future.failedFuture(ApiException.unavailable(failure.getMessage())))
        .onSuccess(items -> {
          if (items == null) {
            ctx.fail(new ApiException(404, "NotFound", "devices.devices.kubeedge.io \"" + name + "\" not found",
                new ApiException.Details(name, "devices.kubeedge.io", "devices", List.of())));
          } else {
            JsonReplies.ok(ctx, items);
          }
        })
        .onFailure(ctx::fail);
  }

  /** The answer for one device: its properties in model order. */
  static JsonObject items(DeviceTwinState device, List<String> properties) {
    JsonArray items = new JsonArray();
    for (String property : properties) {
      JsonObject item = new JsonObject().put("property", property);
      PropertyTwin twin = device.twin(property);
      String desired = device.desired(property);
      if (desired != null) {
        item.put("desired", new JsonObject().put("value", desired)
            .put("version", twin == null ? 0 : twin.expectedVersion().cloud()));
      }
      if (twin != null && twin.actual() != null) {
        item.put("reported", new JsonObject().put("value", twin.actual().value())
            .put("timestamp", Instant.ofEpochMilli(twin.actual().timestamp()).toString()));
      }
      items.add(item);
    }
    return new JsonObject().put("items", items);
  }
}
