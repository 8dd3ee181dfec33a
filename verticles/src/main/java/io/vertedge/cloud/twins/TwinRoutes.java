package io.vertedge.cloud.twins;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertedge.cloud.devices.DesiredTraces;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.ObjectKey;
import io.vertedge.cloud.devices.ResourceErrors;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceProperty;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.devices.telemetry.TwinUpdateTimer;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.Function;

/**
 * The twin routes of the cloud API (API.md section 5): {@code GET .../devices/{name}/twins}
 * and {@code PUT .../devices/{name}/twins/{property}/desired} with {@code {"value":"25"}}. A
 * desired value is a device write (the DeviceController sends it to the device's node); the
 * answer is read on the registry's context right after it, together with the versions. The
 * time from the PUT to the durable write is {@code vertedge_twin_update_duration_seconds{source="api"}}.
 */
public final class TwinRoutes {

  static final String PATH = "/api/v1/namespaces/:namespace/devices/:name/twins";
  /** A value is at most 512 bytes; the rest is room for JSON escapes. */
  static final long MAX_BODY = 16 * 1024;

  private final DeviceRegistry registry;
  private final DesiredVersions versions;
  private final TwinUpdateTimer desiredDuration;
  private final DesiredTraces traces;

  TwinRoutes(DeviceRegistry registry, DesiredVersions versions, DesiredTraces traces, Meter meter) {
    this.traces = traces;
    this.registry = registry;
    this.versions = versions;
    this.desiredDuration = new TwinUpdateTimer(meter, "api");
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::list);
    router.put(PATH + "/:property/desired").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::setDesired);
  }

  private void list(RoutingContext ctx) {
    ObjectKey key = deviceKey(ctx);
    reply(ctx, read(ctx, key, device -> TwinItems.list(device, property -> versions.versionOf(key, device, property))));
  }

  private void setDesired(RoutingContext ctx) {
    long arrived = System.nanoTime();
    ObjectKey key = deviceKey(ctx);
    String property = ctx.pathParam("property");
    String value = value(ctx.body().asString());
    Span span = traces.requested(key, property);
    Future<JsonObject> twin = registry.write(key, DesiredWrite.of(key.name(), property, value))
        .onSuccess(written -> desiredDuration.since(arrived))
        .onFailure(failure -> traces.failed(key, span))
        .compose(written -> read(ctx, key, device -> {
          DeviceProperty now = device.property(property).orElseThrow(() -> ResourceErrors.notFound(key.kind(),
              key.name()));
          return TwinItems.item(device, now, name -> versions.versionOf(key, device, name));
        }));
    reply(ctx, twin.onComplete(ar -> {
      if (ar.failed()) {
        span.setStatus(StatusCode.ERROR, ar.cause().getMessage() == null ? "" : ar.cause().getMessage());
      }
      span.end();
    }));
  }

  /** Runs {@code view} on the registry's context with the device (404 without one); answers on the request's. */
  private Future<JsonObject> read(RoutingContext ctx, ObjectKey key, Function<Device, JsonObject> view) {
    Future<JsonObject> read = registry.read(committed -> {
      if (!(committed.get(key) instanceof Device device)) {
        throw ResourceErrors.notFound(key.kind(), key.name());
      }
      return view.apply(device);
    });
    return Future.fromCompletionStage(read.toCompletionStage(), ctx.vertx().getOrCreateContext());
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(body -> JsonReplies.ok(ctx, body)).onFailure(ctx::fail);
  }

  /** The body's {@code value}: 400 unless the body is a JSON object with a string {@code value}. */
  static String value(String body) {
    JsonObject json;
    try {
      json = new JsonObject(body == null ? "" : body);
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("the request body is not a JSON object: expected {\"value\":\"<desired value>\"}");
    }
    if (!(json.getValue("value") instanceof String value)) {
      throw ApiException.badRequest("the request body has no string \"value\": expected {\"value\":\"<desired value>\"}");
    }
    return value;
  }

  private static ObjectKey deviceKey(RoutingContext ctx) {
    return new ObjectKey(ResourceKind.DEVICE, ctx.pathParam("namespace"), ctx.pathParam("name"));
  }
}
