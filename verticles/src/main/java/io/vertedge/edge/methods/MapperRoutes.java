package io.vertedge.edge.methods;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.DeviceMethod;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.ModelProperty;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * KubeEdge's mapper REST routes on the edge API (KUBEEDGE-COMPAT 7.1), with its shapes: a
 * BaseResponse ({@code apiVersion}, {@code statusCode}, {@code timeStamp}) and Go's capitalised
 * {@code Data}/{@code Message}. Device writes go through {@link DeviceMethodCalls}, on {@code GET}
 * as KubeEdge and on {@code PUT}/{@code POST}. Errors are plain text as KubeEdge's, but with the
 * status that says what went wrong (404 unknown device, method or property; 400 a value refused)
 * where KubeEdge answers 500 to all. {@code X-Correlation-ID} is echoed.
 */
public final class MapperRoutes {

  static final String BASE = "/api/v1";
  private static final String CORRELATION = "X-Correlation-ID";
  private static final String JSON = "application/json";

  private final DeviceMethodCalls methods;

  public MapperRoutes(DeviceMethodCalls methods) {
    this.methods = methods;
  }

  public void mount(Router router) {
    for (String path : List.of("/ping", "/device/*", "/devicemethod/*", "/meta/*", "/database/*")) {
      router.route(BASE + path).handler(MapperRoutes::correlate);
    }
    router.get(BASE + "/ping").handler(ctx -> reply(ctx, base().put("Message",
        "This is v1 API, the server is running normally.")));
    router.get(BASE + "/device/:namespace/:name/:property").handler(this::deviceValue);
    router.get(BASE + "/devicemethod/:namespace/:name").handler(this::methodList);
    String write = BASE + "/devicemethod/:namespace/:name/:method/:property/:data";
    router.get(write).handler(this::write);
    router.put(write).handler(this::write);
    router.post(write).handler(this::write);
    router.get(BASE + "/meta/model/:namespace/:name").handler(this::model);
    router.get(BASE + "/database/:namespace/:name").handler(ctx -> ctx.response().setStatusCode(503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end("database not configured: this edge keeps no device data history"));
  }

  private void deviceValue(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    String property = ctx.pathParam("property");
    answer(ctx, methods.read(namespace, name, property).map(reading -> {
      JsonObject data = new JsonObject().put("DeviceName", name).put("PropertyName", property)
          .put("Namespace", namespace).put("Value", reading.value()).put("Type", reading.type())
          .put("TimeStamp", reading.timestamp());
      return base().put("Data", data);
    }));
  }

  private void methodList(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    answer(ctx, methods.devices().find(namespace, name).map(found -> {
      JsonArray list = new JsonArray();
      for (DeviceMethod method : found.device().methods()) {
        JsonArray parameters = new JsonArray();
        for (String property : method.propertyNames()) {
          String type = found.model().property(property).map(ModelProperty::type).orElse("");
          parameters.add(new JsonObject().put("PropertyName", property)
              .put("ValueType", type == null ? "" : type.toLowerCase(Locale.ROOT)));
        }
        list.add(new JsonObject().put("Name", method.name())
            .put("Path", BASE + "/devicemethod/" + namespace + "/" + name + "/" + method.name()
                + "/{propertyName}/{data}")
            .put("Parameters", parameters));
      }
      return base().put("Data", new JsonObject().put("Methods", list));
    }));
  }

  private void write(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    String data = ctx.pathParam("data");
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ctx.pathParam("property"), data);
    answer(ctx, methods.call(namespace, name, ctx.pathParam("method"), values).map(result -> base()
        .put("Message", "Write data " + data + " to device " + namespace + "/" + name + " successfully.")));
  }

  private void model(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    answer(ctx, methods.devices().modelOf(namespace, ctx.pathParam("name")).map(model -> flattened(base(), model)));
  }

  /** The BaseResponse with the model's fields as KubeEdge's {@code common.DeviceModel} spells them. */
  private static JsonObject flattened(JsonObject base, DeviceModel model) {
    JsonArray properties = new JsonArray();
    for (ModelProperty property : model.properties()) {
      properties.add(new JsonObject().put("name", text(property.name())).put("dataType", text(property.type()))
          .put("description", text(property.description())).put("accessMode", text(property.accessMode()))
          .put("minimum", text(property.minimum())).put("maximum", text(property.maximum()))
          .put("unit", text(property.unit())));
    }
    String description = model.get("spec", "description") instanceof String text ? text : "";
    return base.put("id", model.namespace() + "/" + model.name()).put("name", model.name())
        .put("namespace", model.namespace()).put("description", description).put("properties", properties);
  }

  private static String text(String value) {
    return value == null ? "" : value; // Go's zero value
  }

  private static JsonObject base() {
    return new JsonObject().put("apiVersion", "v1").put("statusCode", 200)
        .put("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static void correlate(RoutingContext ctx) {
    String id = ctx.request().getHeader(CORRELATION);
    if (id != null) {
      ctx.response().putHeader(CORRELATION, id);
    }
    ctx.next();
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> body) {
    body.onSuccess(json -> reply(ctx, json)).onFailure(failure -> {
      int status = failure instanceof ApiException api ? api.code() : 500;
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(String.valueOf(failure.getMessage()));
    });
  }

  private static void reply(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }
}
