package io.vertedge.edge.dmi;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertedge.delivery.StateSource;
import io.vertedge.dmi.v1beta1.CreateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.dmi.v1beta1.RegisterDeviceRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceModelRequest;
import io.vertedge.dmi.v1beta1.RemoveDeviceRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceModelRequest;
import io.vertedge.dmi.v1beta1.UpdateDeviceRequest;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The edge's calls to registered mappers' {@code DeviceMapperService} (KUBEEDGE-COMPAT §1.3): as
 * cloud state changes, a device of a mapper's protocol is registered, updated (only when its spec
 * changed) or removed, and a model (by its {@code spec.protocol}) created, updated or removed.
 * Calls to one mapper go one after another, so it sees them in order; each has KubeEdge's 10 s
 * deadline, and a call left unanswered is reported to {@link #unansweredHandler} (the mapper's
 * devices go offline). Confined to the DMI server's context.
 */
final class MapperCalls {

  private static final Logger log = LoggerFactory.getLogger(MapperCalls.class);
  private static final long DEADLINE_SECONDS = 10;
  private static final String DEVICE = "device/";
  private static final String MODEL = "devicemodel/";

  private final String node;
  private final GrpcClient client;
  private final Tracing tracing;
  private final Tracer tracer;
  /** A registration: the mapper, and whether it asked for its devices (withData), so is called. */
  record Registration(MapperInfo mapper, boolean called) { }

  private final Map<String, Registration> mappers = new HashMap<>();
  private final Map<String, Future<?>> tails = new HashMap<>();
  private final Map<String, JsonObject> devices = new HashMap<>();
  private final Map<String, JsonObject> models = new HashMap<>();
  private Consumer<String> unanswered = protocol -> { };

  MapperCalls(Vertx vertx, String node, Tracing tracing) {
    this.node = node;
    this.tracing = tracing;
    this.tracer = tracing.tracer("io.vertedge.dmi");
    // the deadline is enforced here too, not only announced: a hung mapper must not hold calls forever
    this.client = GrpcClient.client(vertx, new GrpcClientOptions().setScheduleDeadlineAutomatically(true)
        .setTimeout((int) DEADLINE_SECONDS).setTimeoutUnit(TimeUnit.SECONDS));
  }

  /** Called with the protocol of a mapper whose call failed for want of an answer (gone, hung). */
  void unansweredHandler(Consumer<String> handler) {
    this.unanswered = handler;
  }

  /** Remembers the mapper of its protocol, replacing and answering the earlier one (null: none). */
  Registration register(MapperInfo mapper, boolean called) {
    return mappers.put(mapper.getProtocol(), new Registration(mapper, called));
  }

  /** Takes in cloud state: the whole state at start ({@code call} false), then each batch that arrives. */
  void apply(List<Envelope> batch, boolean call) {
    List<Envelope> ordered = new java.util.ArrayList<>(batch);
    // models first: a device is sent with its model's defaults merged in
    ordered.sort(java.util.Comparator.comparing(envelope -> !envelope.getRoute().getResource().startsWith(MODEL)));
    for (Envelope envelope : ordered) {
      String key = envelope.getRoute().getResource();
      boolean deleted = StateSource.DELETE.equals(envelope.getRoute().getOperation());
      JsonObject json = deleted ? null : json(key, envelope);
      if (!deleted && json == null) {
        continue; // unreadable: logged, the mapper keeps what it had
      }
      if (key.startsWith(MODEL)) {
        model(key.substring(MODEL.length()), json, call, envelope.getTraceparent());
      } else if (key.startsWith(DEVICE)) {
        device(key.substring(DEVICE.length()), json, call, envelope.getTraceparent());
      }
    }
  }

  /** The mappers that asked for their devices, so are called (and watched), by protocol. */
  Map<String, MapperInfo> called() {
    Map<String, MapperInfo> called = new HashMap<>();
    mappers.forEach((protocol, registration) -> {
      if (registration.called()) {
        called.put(protocol, registration.mapper());
      }
    });
    return called;
  }

  /** The ids ({@code <ns>/<name>}) of this node's devices of {@code protocol}. */
  List<String> devicesOf(String protocol) {
    return devices.entrySet().stream().filter(entry -> protocol.equals(protocolOf(entry.getValue())))
        .map(Map.Entry::getKey).sorted().toList();
  }

  Future<Void> close() {
    return client.close();
  }

  private void device(String id, JsonObject device, boolean call, String traceparent) {
    boolean ours = device != null && node.equals(DmiResources.object(device, "spec").getValue("nodeName"));
    JsonObject before = ours ? devices.put(id, device) : devices.remove(id);
    if (!call || before == null && !ours) {
      return;
    }
    String[] name = id.split("/", 2);
    if (!ours) {
      send(protocolOf(before), id, traceparent, DmiMethods.MAPPER_REMOVE_DEVICE,
          () -> RemoveDeviceRequest.newBuilder().setDeviceNamespace(name[0]).setDeviceName(name[1]).build());
    } else if (before == null) {
      send(protocolOf(device), id, traceparent, DmiMethods.MAPPER_REGISTER_DEVICE,
          () -> RegisterDeviceRequest.newBuilder().setDevice(DmiResources.device(device, modelOf(device))).build());
    } else if (!DmiResources.object(before, "spec").equals(DmiResources.object(device, "spec"))) {
      send(protocolOf(device), id, traceparent, DmiMethods.MAPPER_UPDATE_DEVICE,
          () -> UpdateDeviceRequest.newBuilder().setDevice(DmiResources.device(device, modelOf(device))).build());
    }
  }

  private void model(String id, JsonObject model, boolean call, String traceparent) {
    JsonObject before = model == null ? models.remove(id) : models.put(id, model);
    if (!call || before == null && model == null) {
      return;
    }
    String[] name = id.split("/", 2);
    if (model == null) {
      send(modelProtocol(before), id, traceparent, DmiMethods.MAPPER_REMOVE_MODEL,
          () -> RemoveDeviceModelRequest.newBuilder().setModelNamespace(name[0]).setModelName(name[1]).build());
    } else if (before == null) {
      send(modelProtocol(model), id, traceparent, DmiMethods.MAPPER_CREATE_MODEL,
          () -> CreateDeviceModelRequest.newBuilder().setModel(DmiResources.model(model)).build());
    } else if (!DmiResources.object(before, "spec").equals(DmiResources.object(model, "spec"))) {
      send(modelProtocol(model), id, traceparent, DmiMethods.MAPPER_UPDATE_MODEL,
          () -> UpdateDeviceModelRequest.newBuilder().setModel(DmiResources.model(model)).build());
    }
  }

  /**
   * Queues the call behind the mapper's earlier ones; fails at once when no mapper serves the
   * protocol. Its span continues the trace of the change that caused it, and its
   * {@code traceparent} header lets a mapper continue it too.
   */
  private <Req, Resp> Future<Resp> send(String protocol, String id, String traceparent, ServiceMethod<Resp, Req> method,
                                        java.util.function.Supplier<Req> request) {
    Registration registration = mappers.get(protocol);
    if (registration == null || !registration.called()) {
      return Future.failedFuture(new NoMapper("no mapper of protocol " + protocol + " is registered on node " + node
          + " (with withData, so it is called)"));
    }
    MapperInfo mapper = registration.mapper();
    Req message;
    try {
      message = request.get();
    } catch (IllegalArgumentException e) {
      log.warn("[node: {}, mapper: {}, resource: {}] {} not sent: {}", node, mapper.getName(), id,
          method.methodName(), e.getMessage());
      return Future.failedFuture(e);
    }
    String socket = mapper.getAddress().toString(StandardCharsets.UTF_8);
    Span span = tracing.startChild(tracer, "DMI " + method.methodName(), SpanKind.CLIENT, traceparent);
    span.setAttribute("mapper", mapper.getName());
    span.setAttribute("resource", id);
    String callTrace = Tracing.traceparent(span);
    Future<?> previous = tails.getOrDefault(protocol, Future.succeededFuture());
    Future<Resp> call = previous.transform(ignored -> client.request(SocketAddress.domainSocketAddress(socket), method))
        .compose(call1 -> {
          if (!callTrace.isEmpty()) {
            call1.headers().set("traceparent", callTrace);
          }
          return call1.send(message);
        })
        .compose(response -> response.last());
    tails.put(protocol, call);
    call.onComplete(ar -> {
      if (ar.failed()) {
        span.setStatus(StatusCode.ERROR, ar.cause().toString());
      }
      span.end();
    });
    call.onSuccess(reply -> log.debug("[node: {}, mapper: {}, resource: {}] {} done", node, mapper.getName(), id,
            method.methodName()))
        .onFailure(failure -> {
          log.warn("[node: {}, mapper: {}, resource: {}] {} at {} failed: {}", node, mapper.getName(), id,
              method.methodName(), socket, failure.toString());
          if (unanswered(failure)) {
            unanswered.accept(protocol);
          }
        });
    return call;
  }

  /** No answer (no connection, reset, deadline), as opposed to the mapper answering with an error status. */
  private static boolean unanswered(Throwable failure) {
    if (failure instanceof InvalidStatusException status) {
      GrpcStatus actual = status.actualStatus();
      return actual == GrpcStatus.UNAVAILABLE || actual == GrpcStatus.DEADLINE_EXCEEDED || actual == GrpcStatus.CANCELLED;
    }
    return true;
  }

  private JsonObject modelOf(JsonObject device) {
    String namespace = DmiResources.text(DmiResources.object(device, "metadata"), "namespace");
    String model = DmiResources.text(DmiResources.object(DmiResources.object(device, "spec"), "deviceModelRef"), "name");
    return models.get(namespace + "/" + model);
  }

  private static String protocolOf(JsonObject device) {
    return DmiResources.text(DmiResources.object(DmiResources.object(device, "spec"), "protocol"), "protocolName");
  }

  private static String modelProtocol(JsonObject model) {
    return DmiResources.text(DmiResources.object(model, "spec"), "protocol");
  }

  private JsonObject json(String key, Envelope envelope) {
    try {
      return new JsonObject(envelope.getContent().toString(StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      log.warn("[node: {}] {} is not JSON, not handed to mappers: {}", node, key, e.getMessage());
      return null;
    }
  }

  /**
   * A device method's write to a device of an external mapper: {@code UpdateDevice} with the
   * device as cloud state has it and {@code values} as its properties' desired values,
   * completing once the mapper accepted it. Fails with {@link NoMapper} when no called mapper
   * serves the device's protocol, with the gRPC failure when the mapper refuses or does not answer.
   * Cloud state is not changed: a later update of the device sends the cloud's desired values.
   */
  Future<Void> writeDesired(String id, Map<String, String> values) {
    JsonObject device = devices.get(id);
    if (device == null) {
      return Future.failedFuture(new NoMapper("device " + id + " is not on node " + node));
    }
    JsonObject written = device.copy();
    JsonObject spec = DmiResources.object(written, "spec");
    io.vertx.core.json.JsonArray properties = spec.getJsonArray("properties");
    if (properties == null) {
      properties = new io.vertx.core.json.JsonArray();
      spec.put("properties", properties);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      JsonObject property = properties.stream().filter(p -> p instanceof JsonObject o
              && value.getKey().equals(o.getString("name"))).map(JsonObject.class::cast).findFirst().orElse(null);
      if (property == null) {
        property = new JsonObject().put("name", value.getKey());
        properties.add(property);
      }
      property.put("desired", new JsonObject().put("value", value.getValue()));
    }
    return send(protocolOf(written), id, "", DmiMethods.MAPPER_UPDATE_DEVICE,
        () -> UpdateDeviceRequest.newBuilder().setDevice(DmiResources.device(written, modelOf(written))).build())
        .mapEmpty();
  }

  /** No mapper is there to take a call: nothing was sent. */
  static final class NoMapper extends RuntimeException {
    NoMapper(String message) {
      super(message, null, false, false);
    }
  }
}
