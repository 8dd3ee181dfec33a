package io.vertedge.edge.methods;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.api.ApiException;
import io.vertedge.devices.model.DesiredValues;
import io.vertedge.devices.model.DeviceMethod;
import io.vertedge.devices.model.FieldError;
import io.vertedge.devices.model.FieldPath;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.model.PropertyType;
import io.vertedge.edge.dmi.DmiServer;
import io.vertedge.edge.mappers.BuiltInMappers;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcErrorException;
import io.vertx.grpc.common.GrpcStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Device method calls on this edge, from the mapper REST routes and from the cloud alike: the
 * device must be on this node, the method in its {@code spec.methods}, each property in the
 * method's {@code propertyNames}, {@code ReadWrite} in the model, and each value must parse as the
 * property's type within its {@code minimum}/{@code maximum}. Values are then written one after
 * another through the built-in driver that runs the device, or sent to the external mapper as
 * desired values in a DMI {@code UpdateDevice}; the call completes once each is written (or
 * accepted by the mapper). Failures are {@link ApiException}s: 404 unknown device, method or
 * property; 400 a property outside the method, {@code ReadOnly}, wrong type or out of range; 503
 * no mapper runs the device; 500 the driver or mapper failed; 504 no answer within {@link #DEADLINE}.
 */
public final class DeviceMethodCalls {

  /** How long one property write may take, as KubeEdge's mapper calls. */
  public static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(DeviceMethodCalls.class);
  private static final AttributeKey<String> CODE = AttributeKey.stringKey("code");

  /** What a read found: the value, the model type lower-cased, and when it was read or reported (ms). */
  public record Reading(String value, String type, long timestamp) { }

  private final Vertx vertx;
  private final NodeDevices devices;
  private final BuiltInMappers builtIn;
  private final Supplier<DmiServer> dmi;
  private final Supplier<DeviceTwin> twin;
  private final LongCounter calls;

  DeviceMethodCalls(Vertx vertx, NodeDevices devices, BuiltInMappers builtIn, Supplier<DmiServer> dmi,
                    Supplier<DeviceTwin> twin, Meter meter) {
    this.vertx = vertx;
    this.calls = meter.counterBuilder("vertedge.method.calls").setUnit("{call}")
        .setDescription("Device method calls on this edge (mapper REST writes and calls from the cloud), by answer code")
        .build();
    this.devices = devices;
    this.builtIn = builtIn;
    this.dmi = dmi;
    this.twin = twin;
  }

  NodeDevices devices() {
    return devices;
  }

  /**
   * Calls {@code method} of device {@code <ns>/<name>} with {@code values} (property → value) and
   * completes with {@code {"device":"<ns>/<name>","method":"<method>","written":{...}}}.
   */
  public Future<JsonObject> call(String namespace, String name, String method, Map<String, String> values) {
    return written(namespace, name, method, values).andThen(result -> calls.add(1, Attributes.of(CODE,
        String.valueOf(result.succeeded() ? 200 : mapped(result.cause(), "calling " + method).code()))));
  }

  private Future<JsonObject> written(String namespace, String name, String method, Map<String, String> values) {
    return devices.find(namespace, name).compose(found -> {
      Map<String, String> checked = check(found, method, values);
      String deviceId = found.id();
      Future<Void> written = Future.succeededFuture();
      Map<String, String> done = new LinkedHashMap<>();
      for (Map.Entry<String, String> value : checked.entrySet()) {
        written = written.compose(v -> write(found, value.getKey(), value.getValue())
            .recover(failure -> Future.failedFuture(partly(failure, value.getKey(), done)))
            .onSuccess(x -> done.put(value.getKey(), value.getValue())));
      }
      return written.map(v -> {
        log.info("[node: {}, device: {}] method {} wrote {}", devices.node(), deviceId, method, done);
        return new JsonObject().put("device", deviceId).put("method", method).put("written", new JsonObject(
            new LinkedHashMap<>(done)));
      }).onFailure(failure -> log.warn("[node: {}, device: {}] method {} failed: {}", devices.node(), deviceId, method,
          failure.getMessage()));
    });
  }

  /**
   * The value of {@code property} of device {@code <ns>/<name>}: read from the device now for a
   * built-in driver, the twin's reported value for a device of an external mapper.
   */
  public Future<Reading> read(String namespace, String name, String property) {
    return devices.find(namespace, name).compose(found -> {
      ModelProperty modelProperty = modelProperty(found, property);
      String type = String.valueOf(modelProperty.type()).toLowerCase(Locale.ROOT);
      if (builtIn.serves(found.device().protocolName())) {
        return deadline(builtIn.read(found.id(), property), "reading " + property + " of device " + found.id())
            .recover(failure -> Future.failedFuture(mapped(failure, "reading " + property)))
            .map(value -> new Reading(value, type, System.currentTimeMillis()));
      }
      return reported(found, property).map(reported -> new Reading(reported.getString("value"), type,
          Instant.parse(reported.getString("timestamp")).toEpochMilli()));
    });
  }

  private Future<JsonObject> reported(NodeDevices.Found found, String property) {
    return twin.get().twins(found.device().namespace(), found.device().name()).map(twins -> {
      Optional<JsonObject> reported = twins == null ? Optional.empty() : twins.getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(item -> property.equals(item.getString("property")))
          .map(item -> item.getJsonObject("reported")).filter(Objects::nonNull).findFirst();
      return reported.orElseThrow(() -> ApiException.unavailable("device " + found.id()
          + " has reported no value of property " + property + " yet"));
    });
  }

  /** The values in the method's order of properties, or the first reason they cannot be written. */
  private static Map<String, String> check(NodeDevices.Found found, String method, Map<String, String> values) {
    DeviceMethod defined = found.device().methods().stream().filter(m -> method.equals(m.name())).findFirst()
        .orElseThrow(() -> ApiException.notFound("device " + found.id() + " has no method " + method + " (its methods: "
            + found.device().methods().stream().map(DeviceMethod::name).toList() + ")"));
    if (values.isEmpty()) {
      throw ApiException.badRequest("no property values given for method " + method + " of device " + found.id()
          + " (its properties: " + defined.propertyNames() + ")");
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      String property = value.getKey();
      ModelProperty modelProperty = modelProperty(found, property);
      if (!defined.propertyNames().contains(property)) {
        throw ApiException.badRequest("property " + property + " is not one of the propertyNames " + defined.propertyNames()
            + " of method " + method + " of device " + found.id());
      }
      if (modelProperty.readOnly()) {
        throw ApiException.badRequest("property " + property + " is ReadOnly in device model " + found.model().name());
      }
      Optional<PropertyType> type = modelProperty.propertyType();
      if (type.isEmpty() || type.get() == PropertyType.STREAM) {
        throw ApiException.badRequest("property " + property + " is of type " + modelProperty.type()
            + ", which is not written");
      }
      Optional<String> typeProblem = DesiredValues.typeProblem(type.get(), value.getValue(), property);
      if (typeProblem.isPresent()) {
        throw ApiException.badRequest("value \"" + value.getValue() + "\" of property " + property + " "
            + typeProblem.get());
      }
      List<FieldError> problems = DesiredValues.check(FieldPath.of(property), value.getValue(), modelProperty,
          found.model().name());
      if (!problems.isEmpty()) {
        throw ApiException.badRequest(problems.get(0).message());
      }
    }
    return values;
  }

  private static ModelProperty modelProperty(NodeDevices.Found found, String property) {
    return found.model().property(property).orElseThrow(() -> ApiException.notFound("device model "
        + found.model().name() + " of device " + found.id() + " has no property " + property));
  }

  private Future<Void> write(NodeDevices.Found found, String property, String value) {
    String what = "writing " + property + " of device " + found.id();
    if (builtIn.serves(found.device().protocolName())) {
      return deadline(builtIn.write(found.id(), property, value), what);
    }
    DmiServer server = dmi.get();
    if (server == null) {
      return Future.failedFuture(ApiException.unavailable("no mapper runs device " + found.id() + ": DMI is not running"));
    }
    return deadline(server.writeDesired(found.device().namespace(), found.device().name(), Map.of(property, value)),
        what);
  }

  /** The work's outcome, or 504 after {@link #DEADLINE}: whichever deadline passes first, ours or the gRPC call's. */
  private <T> Future<T> deadline(Future<T> work, String what) {
    Promise<T> answer = Promise.promise();
    Supplier<ApiException> late = () -> ApiException.timeout(what + ": no answer within " + DEADLINE.toSeconds() + " s");
    long timer = vertx.setTimer(DEADLINE.toMillis(), t -> answer.tryFail(late.get()));
    work.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        answer.tryComplete(result.result());
      } else {
        answer.tryFail(unanswered(result.cause()) ? late.get() : result.cause());
      }
    });
    return answer.future();
  }

  private static ApiException partly(Throwable failure, String property, Map<String, String> done) {
    ApiException mapped = mapped(failure, "writing " + property);
    return done.isEmpty() ? mapped : new ApiException(mapped.code(), mapped.reason(), mapped.getMessage()
        + " (written before it: " + done + ")");
  }

  /**
   * A DMI call's deadline passed. The Vert.x gRPC client, whose timer is set before ours, reports
   * its own deadline by resetting the stream: a CANCELLED {@link GrpcErrorException}.
   */
  private static boolean unanswered(Throwable failure) {
    GrpcStatus status = failure instanceof InvalidStatusException invalid ? invalid.actualStatus()
        : failure instanceof GrpcErrorException error ? error.status() : null;
    return status == GrpcStatus.DEADLINE_EXCEEDED || status == GrpcStatus.CANCELLED;
  }

  /** The failure as the API answers it: 503 nothing runs the device, 504 no answer, 500 the device or mapper failed. */
  private static ApiException mapped(Throwable failure, String what) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof BuiltInMappers.NotRunning || failure instanceof IllegalStateException) {
      return ApiException.unavailable(failure.getMessage());
    }
    return ApiException.internal(what + " failed: " + failure.getMessage());
  }
}
