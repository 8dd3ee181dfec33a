package io.vertedge.edge.methods;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.api.ApiException;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.edge.dmi.DmiServer;
import io.vertedge.edge.mappers.BuiltInMappers;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.link.Link;
import io.vertedge.link.calls.DeviceMethodProtocol;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Device methods on this edge: the KubeEdge mapper routes of the edge API ({@link #mount}) and
 * the cloud's method calls over the link ({@link #handle}), both through one {@link DeviceMethodCalls}.
 */
public final class EdgeMethods {

  private static final Logger log = LoggerFactory.getLogger(EdgeMethods.class);

  /** What methods reach: the store with cloud state, the mappers that write, the twin that holds reports. */
  public record Setup(String node, Supplier<EdgeDelivery> delivery, BuiltInMappers builtIn, Supplier<DmiServer> dmi,
                      Supplier<DeviceTwin> twin, Meter meter) { }

  private final String node;
  private final DeviceMethodCalls calls;

  public EdgeMethods(Vertx vertx, Setup setup) {
    this.node = setup.node();
    this.calls = new DeviceMethodCalls(vertx, new NodeDevices(setup.node(), setup.delivery()), setup.builtIn(),
        setup.dmi(), setup.twin(), setup.meter());
  }

  /** Adds the mapper routes (KUBEEDGE-COMPAT 7.1) to the edge API. */
  public void mount(Router router) {
    new MapperRoutes(calls).mount(router);
  }

  /** Takes a method call off the link and answers it there; false for any other envelope. */
  public boolean handle(Link link, Envelope envelope) {
    if (!DeviceMethodProtocol.isCall(envelope)) {
      return false;
    }
    Future<JsonObject> result;
    try {
      JsonObject call = new JsonObject(envelope.getContent().toString(StandardCharsets.UTF_8));
      Map<String, String> values = new LinkedHashMap<>();
      call.getJsonObject("values", new JsonObject()).forEach(entry -> values.put(entry.getKey(),
          String.valueOf(entry.getValue())));
      result = calls.call(call.getString("namespace"), call.getString("name"), call.getString("method"), values);
    } catch (RuntimeException e) {
      result = Future.failedFuture(ApiException.badRequest("malformed method call: " + e.getMessage()));
    }
    // the link is touched on its own context only
    io.vertx.core.Context linkContext = Vertx.currentContext();
    result.onComplete(ar -> linkContext.runOnContext(v -> {
      JsonObject answer = ar.succeeded() ? ar.result() : new JsonObject().put("error", error(ar.cause()));
      log.debug("[node: {}, message: {}] method call {} -> {}", node, envelope.getId(),
          envelope.getRoute().getResource(), ar.succeeded() ? "ok" : ar.cause().getMessage());
      link.send(DeviceMethodProtocol.result(envelope, answer.encode()));
    }));
    return true;
  }

  private static JsonObject error(Throwable failure) {
    ApiException api = failure instanceof ApiException known ? known : ApiException.internal(failure.getMessage());
    // what a node that just connected may not hold yet: a caller that waits for the node tries again
    boolean notYet = api.code() == 503 || api.code() == 404 && api.getMessage().contains(NodeDevices.NOT_ON_NODE);
    return new JsonObject().put("code", api.code()).put("reason", api.reason()).put("message", api.getMessage())
        .put("notYet", notYet);
  }
}
