package io.vertedge.edge.mappers;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.delivery.StateSource;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.DeviceProperty;
import io.vertedge.edge.twin.DeviceTwin;
import io.vertedge.link.proto.Envelope;
import io.vertedge.mappers.driver.DriverFactory;
import io.vertedge.mappers.modbus.ModbusDriverFactory;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushMethodFactory;
import io.vertedge.mappers.push.http.HttpPushFactory;
import io.vertedge.mappers.push.mqtt.MqttPushFactory;
import io.vertedge.otel.Tracing;
import io.vertedge.otel.push.OtelPushMethodFactory;
import io.vertedge.mappers.virtual.VirtualDriverFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The edge's built-in mappers: for each device of this node whose {@code protocolName} has a
 * built-in driver, a {@link DeviceRunner} reads, reports and writes it, reaching the
 * {@link DeviceTwin} in-process as DMI's reports do. Devices follow cloud state: a device whose
 * spec (desired values aside) or model changed is stopped and started anew, one whose desired
 * values changed gets them written, one deleted or moved to another node is stopped. Devices of
 * other protocols are left to external mappers over DMI. Deploy it after the twin.
 */
public final class BuiltInMappers extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(BuiltInMappers.class);
  private static final String DEVICE = "device/";
  private static final String MODEL = "devicemodel/";

  /**
   * Every driver an edge can run; {@code mappers.builtIn} chooses among them ({@link #drivers}). A
   * protocol left out is for a DMI mapper, and DMI refuses mappers of the protocols chosen, so one
   * device is never read by two mappers.
   */
  public static final List<DriverFactory> DRIVERS = List.of(new VirtualDriverFactory(), new ModbusDriverFactory());

  /** The drivers of the given protocols, which are among {@link #DRIVERS} (the config checked that). */
  public static List<DriverFactory> drivers(List<String> protocols) {
    return DRIVERS.stream().filter(factory -> protocols.contains(factory.protocolName())).toList();
  }

  /**
   * The push methods an edge offers its built-in mappers' devices (pushMethod keys); the otel
   * method counts its exports and drops with {@code meter}.
   */
  public static List<PushMethodFactory> pushMethods(Meter meter) {
    return List.of(new HttpPushFactory(), new MqttPushFactory(), new OtelPushMethodFactory(meter));
  }

  /**
   * The node, the store whose cloud state lists devices and models, the twin, the meter, the
   * drivers to run, the push methods readings go through (the caller closes them) and the tracing
   * that gives each push a span.
   */
  public record Setup(String node, EdgeDelivery delivery, DeviceTwin twin, Meter meter, List<DriverFactory> drivers,
                      List<PushMethod> pushMethods, Tracing tracing) { }

  private final Setup setup;
  private final Map<String, DriverFactory> drivers = new HashMap<>();
  private final Map<String, PushMethod> pushMethods = new HashMap<>();
  /** This node's devices, as text: a tree per device would stay in the heap for each of them (footprint). */
  private final Map<String, Known> devices = new HashMap<>();
  private final Map<String, JsonObject> models = new HashMap<>();
  /** Read by the devices gauge off this context. */
  private final Map<String, DeviceRunner> runners = new ConcurrentHashMap<>();
  /**
   * What each runner was started from: the SHA-256 of the device's spec without desired values
   * and its model's spec (a digest, not a copy of both trees per device).
   */
  private final Map<String, String> startedFrom = new HashMap<>();
  private final Set<String> leftToDmi = new HashSet<>();
  private MapperMetrics metrics;
  private PushMetrics pushMetrics;
  private PushSpans pushSpans;

  public BuiltInMappers(Setup setup) {
    this.setup = setup;
    setup.drivers().forEach(factory -> drivers.put(factory.protocolName(), factory));
    setup.pushMethods().forEach(method -> pushMethods.put(method.name(), method));
  }

  @Override
  public Future<?> start() {
    metrics = new MapperMetrics(setup.meter(), () -> runners.values().stream()
        .map(runner -> Map.entry(runner.plan().protocol(), runner.health())).toList());
    pushMetrics = new PushMetrics(setup.meter());
    pushSpans = new PushSpans(setup.tracing());
    Promise<Void> loaded = Promise.promise();
    setup.delivery().cloudStateHandler(batch -> loaded.future().onSuccess(v ->
        context.runOnContext(x -> apply(batch))));
    return Future.fromCompletionStage(setup.delivery().cloudState().toCompletionStage(), context).onSuccess(state -> {
      apply(state);
      loaded.complete();
      log.info("[node: {}] built-in mappers for {} run {} devices", setup.node(), drivers.keySet(), runners.size());
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(runners.values().stream().map(DeviceRunner::stop).toList());
  }

  private void apply(List<Envelope> batch) {
    Set<String> touchedDevices = new HashSet<>();
    Set<String> touchedModels = new HashSet<>();
    for (Envelope envelope : batch) {
      String key = envelope.getRoute().getResource();
      boolean deleted = StateSource.DELETE.equals(envelope.getRoute().getOperation());
      JsonObject json = deleted ? null : json(key, envelope);
      if (!deleted && json == null) {
        continue; // unreadable: logged, the device runs on as it was
      }
      if (key.startsWith(MODEL)) {
        String id = key.substring(MODEL.length());
        put(models, id, json);
        touchedModels.add(id);
      } else if (key.startsWith(DEVICE)) {
        String id = key.substring(DEVICE.length());
        boolean ours = json != null && setup.node().equals(json.getJsonObject("spec", new JsonObject()).getValue("nodeName"));
        if (ours) {
          devices.put(id, new Known(protocolName(json), modelId(json), envelope.getContent().toStringUtf8()));
        } else {
          devices.remove(id);
        }
        touchedDevices.add(id);
      }
    }
    // a model change touches every device of the model; most batches carry none, and a scan of all devices is not free
    if (!touchedModels.isEmpty()) {
      devices.forEach((id, device) -> {
        if (touchedModels.contains(device.modelId())) {
          touchedDevices.add(id);
        }
      });
    }
    touchedDevices.forEach(this::reconcile);
  }

  /** Brings the device's runner in line with what cloud state says of it and its model. */
  private void reconcile(String id) {
    Known known = devices.get(id);
    String protocol = known == null ? null : known.protocol();
    DriverFactory factory = protocol == null ? null : drivers.get(protocol);
    if (known != null && factory == null && leftToDmi.add(id)) {
      log.debug("[node: {}, device: {}] protocol {} is not run built-in (mappers.builtIn): left to a DMI mapper", setup.node(), id,
          protocol);
    }
    // only a device of a built-in protocol is read whole: a desired value for any other costs no parse here
    Device device = factory == null ? null : device(id, known.json());
    JsonObject model = device == null ? null : models.get(known.modelId());
    if (device != null && model == null) {
      log.debug("[node: {}, device: {}] waits for its model {}", setup.node(), id, known.modelId());
    }
    String from = model == null ? null
        : digest(new JsonArray().add(withoutDesired(new JsonObject(device.document()))).add(model));
    DeviceRunner running = runners.get(id);
    if (running != null && from != null && from.equals(startedFrom.get(id))) {
      running.desired(desiredValues(device));
      return;
    }
    Future<Void> stopped = Future.succeededFuture();
    if (running != null) {
      runners.remove(id);
      startedFrom.remove(id);
      log.info("[node: {}, device: {}] built-in mapper stopped ({})", setup.node(), id,
          from == null ? "device gone, or no longer of a built-in protocol" : "device or model changed");
      stopped = running.stop().otherwiseEmpty();
    }
    if (from != null) {
      start(id, device, model, factory, from, stopped);
    }
  }

  private void start(String id, Device device, JsonObject modelJson, DriverFactory factory, String from,
                     Future<Void> previousStopped) {
    DevicePlan plan;
    PushTargets pushes;
    try {
      DeviceModel model = DeviceDocuments.requireKind(DeviceDocuments.readJson(modelJson.encode()), DeviceModel.class);
      plan = DevicePlan.of(device, model);
      pushes = PushTargets.open(setup.node(), plan, model.name(), pushMethods, pushMetrics, pushSpans);
    } catch (RuntimeException e) {
      log.warn("[node: {}, device: {}] not run by the built-in {} mapper: {}", setup.node(), id, factory.protocolName(),
          e.getMessage());
      return;
    }
    DeviceRunner runner = new DeviceRunner(vertx, setup.node(), plan, factory.create(vertx), setup.twin(), metrics,
        pushes);
    runners.put(id, runner);
    startedFrom.put(id, from);
    Map<String, String> desired = desiredValues(device);
    previousStopped.compose(v -> runner.start(desired)).onFailure(failure -> {
      log.warn("[node: {}, device: {}] not run by the built-in {} mapper: {}", setup.node(), id, factory.protocolName(),
          failure.getMessage());
      if (runners.remove(id, runner)) {
        startedFrom.remove(id);
      }
      runner.stop();
    });
  }

  private Device device(String id, String json) {
    try {
      return DeviceDocuments.requireKind(DeviceDocuments.readJson(json), Device.class);
    } catch (RuntimeException e) {
      log.warn("[node: {}, device: {}] unreadable, not run by a built-in mapper: {}", setup.node(), id, e.getMessage());
      return null;
    }
  }

  private static Map<String, String> desiredValues(Device device) {
    return device.properties().stream().filter(p -> p.name() != null)
        .collect(Collectors.toMap(DeviceProperty::name, p -> p.desired().value(), (a, b) -> a, LinkedHashMap::new));
  }

  private static JsonObject withoutDesired(JsonObject device) {
    JsonObject spec = device.getJsonObject("spec", new JsonObject()).copy();
    JsonArray properties = spec.getJsonArray("properties", new JsonArray());
    for (Object property : properties) {
      if (property instanceof JsonObject object) {
        object.remove("desired");
      }
    }
    return spec;
  }

  private static String protocolName(JsonObject device) {
    JsonObject protocol = device.getJsonObject("spec", new JsonObject()).getValue("protocol") instanceof JsonObject object
        ? object : new JsonObject();
    return protocol.getValue("protocolName") instanceof String name ? name : null;
  }

  private static String modelId(JsonObject device) {
    String namespace = device.getJsonObject("metadata", new JsonObject()).getString("namespace", "default");
    Object ref = device.getJsonObject("spec", new JsonObject()).getValue("deviceModelRef");
    return namespace + "/" + (ref instanceof JsonObject object ? object.getString("name") : null);
  }

  private static String digest(JsonArray from) {
    try {
      byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(from.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void put(Map<String, JsonObject> map, String id, JsonObject json) {
    if (json == null) {
      map.remove(id);
    } else {
      map.put(id, json);
    }
  }

  private JsonObject json(String key, Envelope envelope) {
    try {
      return new JsonObject(envelope.getContent().toString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      log.warn("[node: {}] {} is not JSON, not run by a built-in mapper: {}", setup.node(), key, e.getMessage());
      return null;
    }
  }

  /** Whether a built-in driver serves {@code protocolName} (its devices are run here, never over DMI). */
  public boolean serves(String protocolName) {
    return drivers.containsKey(protocolName);
  }

  /**
   * Writes {@code value} to {@code property} of device {@code <ns>/<name>} now, completing once the
   * driver has written it; fails with {@link NotRunning} when no runner holds the device.
   */
  public Future<Void> write(String deviceId, String property, String value) {
    return onRunner(deviceId, runner -> runner.writeNow(property, value));
  }

  /** Reads {@code property} of device {@code <ns>/<name>} from the device now; see {@link #write}. */
  public Future<String> read(String deviceId, String property) {
    return onRunner(deviceId, runner -> runner.readNow(property));
  }

  private <T> Future<T> onRunner(String deviceId, java.util.function.Function<DeviceRunner, Future<T>> operation) {
    if (context == null) {
      return Future.failedFuture(new NotRunning("the built-in mappers are not running"));
    }
    io.vertx.core.Context caller = vertx.getOrCreateContext();
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      DeviceRunner runner = runners.get(deviceId);
      if (runner == null) {
        done.fail(new NotRunning("no built-in mapper runs device " + deviceId + " (its driver or model refused it,"
            + " or it is not started yet: see the edge's log)"));
        return;
      }
      operation.apply(runner).onComplete(done);
    });
    return Future.fromCompletionStage(done.future().toCompletionStage(), caller);
  }

  /** A device of this node as cloud state gives it, with what is looked up without reading it whole. */
  private record Known(String protocol, String modelId, String json) { }

  /** No runner holds the device: nothing was read or written. */
  public static final class NotRunning extends RuntimeException {
    NotRunning(String message) {
      super(message, null, false, false);
    }
  }
}
