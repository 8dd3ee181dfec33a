package io.vertedge.edge.api;

import io.vertedge.api.ApiException;
import io.vertedge.cloud.devices.FieldSelector;
import io.vertedge.cloud.devices.LabelSelector;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cloud's device GET routes on the edge API (API.md section 5): devices and device models as
 * this edge holds them ({@link EdgeDelivery#cloudState()}), so they answer while the cloud is
 * down and {@code vertedge ctl --edge} is the same client as against the cloud. Read-only: any
 * other method is a 405 {@code Status} pointing at the cloud. Answers are JSON. Each object carries the
 * cloud registry's {@code metadata.resourceVersion} of the version the edge holds.
 */
public final class EdgeDeviceRoutes {

  private static final Logger log = LoggerFactory.getLogger(EdgeDeviceRoutes.class);
  private static final String BASE = "/apis/" + ResourceKind.API_VERSION;
  private static final String NOT_FOUND = "the server could not find the requested resource";
  /** The cloud's envelope keys: {@code device/<ns>/<name>}, {@code devicemodel/<ns>/<name>}. */
  private static final Map<ResourceKind, String> KEY_PREFIX =
      Map.of(ResourceKind.DEVICE, "device/", ResourceKind.DEVICE_MODEL, "devicemodel/");

  private final String nodeName;
  private final Supplier<EdgeDelivery> delivery;

  /** @param delivery the edge's store; read on each request (it is open before the API is deployed) */
  public EdgeDeviceRoutes(String nodeName, Supplier<EdgeDelivery> delivery) {
    this.nodeName = nodeName;
    this.delivery = delivery;
  }

  public void mount(Router router) {
    String all = BASE + "/:resource";
    String collection = BASE + "/namespaces/:namespace/:resource";
    String object = collection + "/:name";
    router.get(all).handler(this::list);
    router.get(collection).handler(this::list);
    router.get(object).handler(this::get);
    router.get(object + "/status").handler(this::status);
    for (String path : List.of(all, collection, object, object + "/status")) {
      router.route(path).handler(EdgeDeviceRoutes::readOnly);
    }
  }

  private void list(RoutingContext ctx) {
    ResourceKind kind = kind(ctx);
    String namespace = ctx.pathParam("namespace");
    if ("true".equals(param(ctx, "watch")) || "1".equals(param(ctx, "watch"))) {
      throw ApiException.badRequest("the edge API does not serve watches: watch the cloud's API");
    }
    if (param(ctx, "continue") != null && !param(ctx, "continue").isEmpty()) {
      // the edge never hands out a continue token (it answers whole lists, which Kubernetes allows)
      throw ApiException.badRequest("continue: Invalid value: \"" + param(ctx, "continue")
          + "\": the edge API answers whole lists and issues no continue tokens");
    }
    LabelSelector labels = LabelSelector.parse(param(ctx, "labelSelector"));
    FieldSelector fields = FieldSelector.parse(param(ctx, "fieldSelector"), kind);
    held(ctx).onSuccess(held -> {
      List<Resource> items = held.objects().stream()
          .filter(r -> r.kind() == kind)
          .filter(r -> namespace == null || namespace.equals(r.namespace()))
          .filter(r -> labels.matches(r.metadata().labels()) && fields.matches(r))
          .sorted(Comparator.comparing((Resource r) -> String.valueOf(r.namespace())).thenComparing(Resource::name))
          .toList();
      StringBuilder json = new StringBuilder(256).append("{\"apiVersion\":\"").append(ResourceKind.API_VERSION)
          .append("\",\"kind\":\"").append(kind.kind()).append("List\",\"metadata\":{\"resourceVersion\":\"")
          .append(held.resourceVersion()).append("\"},\"items\":[");
      for (int i = 0; i < items.size(); i++) {
        json.append(i == 0 ? "" : ",").append(items.get(i).toJson());
      }
      reply(ctx, json.append("]}").toString());
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    ResourceKind kind = kind(ctx);
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    held(ctx).onSuccess(held -> {
      Optional<Resource> found = held.objects().stream()
          .filter(r -> r.kind() == kind && namespace.equals(r.namespace()) && name.equals(r.name()))
          .findFirst();
      if (found.isEmpty()) {
        ctx.fail(new ApiException(404, "NotFound", kind.plural() + "." + ResourceKind.GROUP + " \"" + name
            + "\" not found", new ApiException.Details(name, ResourceKind.GROUP, kind.plural(), List.of())));
        return;
      }
      reply(ctx, found.get().toJson());
    }).onFailure(ctx::fail);
  }

  // as on the cloud, the status subresource of a device reads as the whole object
  private void status(RoutingContext ctx) {
    if (kind(ctx) != ResourceKind.DEVICE) {
      throw ApiException.notFound(NOT_FOUND);
    }
    get(ctx);
  }

  private static void readOnly(RoutingContext ctx) {
    kind(ctx); // an unknown resource stays a 404
    throw new ApiException(405, "MethodNotAllowed", "the edge API serves devices and device models read-only: "
        + ctx.request().method() + " them on the cloud's API");
  }

  /** What the edge holds, read and parsed on a worker (the store read blocks). */
  private Future<Held> held(RoutingContext ctx) {
    EdgeDelivery opened = delivery.get();
    if (opened == null) {
      return Future.failedFuture(ApiException.unavailable("the edge's store is not open yet"));
    }
    return opened.cloudState().compose(envelopes -> ctx.vertx().executeBlocking(() -> parse(envelopes)));
  }

  private Held parse(List<Envelope> envelopes) {
    long newest = 0;
    List<Resource> objects = new java.util.ArrayList<>();
    for (Envelope envelope : envelopes) {
      String key = envelope.getRoute().getResource();
      if (KEY_PREFIX.values().stream().noneMatch(key::startsWith)) {
        continue;
      }
      newest = Math.max(newest, version(envelope.getResourceVersion()));
      try {
        Resource object = DeviceDocuments.readJson(envelope.getContent().toString(StandardCharsets.UTF_8));
        // the content leaves it out (it changes with status writes the edge does not get); the envelope says it
        objects.add(envelope.getResourceVersion().isEmpty() ? object
            : object.with(List.of("metadata", "resourceVersion"), envelope.getResourceVersion()));
      } catch (RuntimeException e) {
        log.warn("[node: {}, key: {}] cloud state that does not read as a device resource is left out: {}",
            nodeName, key, e.getMessage());
      }
    }
    return new Held(objects, newest);
  }

  private static long version(String text) {
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ResourceKind kind(RoutingContext ctx) {
    String plural = ctx.pathParam("resource");
    return KEY_PREFIX.keySet().stream().filter(k -> k.plural().equals(plural)).findFirst()
        .orElseThrow(() -> ApiException.notFound(NOT_FOUND));
  }

  private static String param(RoutingContext ctx, String name) {
    return ctx.request().getParam(name);
  }

  private static void reply(RoutingContext ctx, String json) {
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
  }

  /**
   * The objects the edge holds, and the newest registry version among them: the list's
   * resourceVersion, opaque as Kubernetes says, growing whenever the cloud sends something new.
   */
  private record Held(List<Resource> objects, long resourceVersion) { }
}
