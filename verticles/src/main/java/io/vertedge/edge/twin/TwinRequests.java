package io.vertedge.edge.twin;

import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What devices ask on the twin's topics, answered as KubeEdge does (KUBEEDGE-COMPAT §5.2):
 * {@code twin/update}, {@code twin/get}, {@code state/update} and {@code membership/get}. A bad
 * request is answered on the result topic with {@code {event_id, timestamp, code, reason}},
 * nothing is stored, and the message counts as handled (PUBACKed: the error is the answer). An
 * accepted update or state is PUBACKed once the twin is kept and reported durably.
 */
final class TwinRequests {

  private static final Logger log = LoggerFactory.getLogger(TwinRequests.class);
  /** KubeEdge's device states, and {@code disconnected}, which KubeEdge refuses by mistake. */
  static final Set<String> STATES = Set.of("online", "offline", "ok", "unknown", "unhealthy", "disconnected");

  private final String node;
  private final EdgeDevices devices;
  private final DeviceTwin.Effects effects;
  private final TwinMetrics metrics;

  TwinRequests(String node, EdgeDevices devices, DeviceTwin.Effects effects, TwinMetrics metrics) {
    this.node = node;
    this.devices = devices;
    this.effects = effects;
    this.metrics = metrics;
  }

  Future<Void> handle(BrokerMessage message) {
    if (message.topic().startsWith(TwinTopics.NODE_PREFIX)) {
      return membership(message);
    }
    Optional<TwinTopics.DeviceTopic> parsed = TwinTopics.device(message.topic());
    if (parsed.isEmpty()) {
      return Future.succeededFuture();
    }
    TwinTopics.DeviceTopic topic = parsed.get();
    String action = topic.kind() + "/" + topic.action();
    return switch (action) {
      case "twin/update" -> update(topic, message);
      case "twin/get" -> get(topic, message);
      case "state/update" -> state(topic, message);
      default -> {
        // twin/cloud_updated and the rest: KubeEdge's cloud path, which our link carries instead
        log.debug("[node: {}, device: {}] {} ignored", node, topic.id(), action);
        yield Future.succeededFuture();
      }
    };
  }

  private Future<Void> update(TwinTopics.DeviceTopic topic, BrokerMessage message) {
    String eventId = "";
    try {
      JsonObject json = TwinMessages.read(message.payload());
      eventId = TwinMessages.eventIdOf(json);
      return update(topic, json);
    } catch (TwinError error) {
      metrics.update(false);
      return rejected(topic, eventId, error);
    }
  }

  /**
   * A {@code twin/update} or {@code state/update} from an in-process reporter (the DMI server):
   * checked and applied as over MQTT, but a refusal fails the future with its {@link TwinError}.
   */
  Future<Void> inProcess(TwinTopics.DeviceTopic topic, JsonObject json) {
    boolean isState = topic.kind().equals("state");
    try {
      return isState ? state(topic, json) : update(topic, json);
    } catch (TwinError error) {
      if (isState) {
        metrics.request("state", false);
      } else {
        metrics.update(false);
      }
      log.info("[node: {}, device: {}] in-process {}/{} refused ({}): {}", node, topic.id(), topic.kind(),
          topic.action(), error.code(), error.getMessage());
      return Future.failedFuture(error);
    }
  }

  private Future<Void> update(TwinTopics.DeviceTopic topic, JsonObject json) {
    long arrived = System.nanoTime();
    TwinMessages.checkBase(json);
    TwinUpdate update = TwinUpdate.parse(json);
    DeviceTwinState device = known(topic);
    update.check(device, devices.modelOf(device));
    return apply(topic, device, update, arrived);
  }

  private Future<Void> apply(TwinTopics.DeviceTopic topic, DeviceTwinState device, TwinUpdate update, long arrived) {
    long now = System.currentTimeMillis();
    Map<String, PropertyTwin> last = new LinkedHashMap<>();
    Map<String, PropertyTwin> current = new LinkedHashMap<>();
    update.changes().forEach((property, change) -> {
      PropertyTwin before = device.twin(property);
      String type = devices.typeOf(device, property, change.type());
      PropertyTwin twin = before == null ? PropertyTwin.empty(type) : before.withType(type);
      if (change.actual() != null) {
        twin = twin.reported(new PropertyTwin.Value(change.actual(), now));
      }
      if (change.expected() != null) {
        twin = twin.expectedOnEdge(new PropertyTwin.Value(change.expected(), now));
      }
      device.put(property, twin);
      last.put(property, before);
      current.put(property, twin);
    });
    String eventId = update.eventId();
    return effects.keepAndReport(device, "device/" + device.id() + "/twin/edge_updated",
            TwinMessages.edgeUpdated(eventId, device))
        .onFailure(failure -> log.warn("[node: {}, device: {}, event: {}] twin update not kept, the device is not "
            + "acknowledged: {}", node, device.id(), eventId, failure.toString()))
        .onSuccess(v -> {
          metrics.update(true);
          metrics.updateDurable(arrived);
          log.debug("[node: {}, device: {}, event: {}] twin updated: {}", node, device.id(), eventId, current.keySet());
          JsonObject twins = new JsonObject();
          current.forEach((property, twin) -> twins.put(property, twin.toJson(false)));
          effects.publish(topic.result(), TwinMessages.twinResult(eventId, twins));
          effects.publish(topic.twinUpdate("document"), TwinMessages.document(eventId, last, current));
          JsonObject delta = TwinMessages.delta(eventId, device);
          if (!delta.getJsonObject("delta").isEmpty()) {
            effects.publish(topic.twinUpdate("delta"), delta);
            metrics.delta();
          }
        });
  }

  private Future<Void> get(TwinTopics.DeviceTopic topic, BrokerMessage message) {
    String eventId = "";
    try {
      JsonObject json = request(message);
      eventId = TwinMessages.eventIdOf(json);
      TwinMessages.checkBase(json);
      DeviceTwinState device = known(topic);
      effects.publish(topic.result(), TwinMessages.twinResult(eventId, device.twinJson(false)));
      metrics.request("get", true);
      return Future.succeededFuture();
    } catch (TwinError error) {
      metrics.request("get", false);
      return rejected(topic, eventId, error);
    }
  }

  private Future<Void> state(TwinTopics.DeviceTopic topic, BrokerMessage message) {
    String eventId = "";
    try {
      JsonObject json = TwinMessages.read(message.payload());
      eventId = TwinMessages.eventIdOf(json);
      return state(topic, json);
    } catch (TwinError error) {
      metrics.request("state", false);
      return rejected(topic, eventId, error);
    }
  }

  private Future<Void> state(TwinTopics.DeviceTopic topic, JsonObject json) {
    TwinMessages.checkBase(json);
    String eventId = TwinMessages.eventIdOf(json);
    String state = stateOf(json);
    DeviceTwinState device = known(topic);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    device.state(state, state.equals("online") || state.equals("ok") ? now : null);
    JsonObject answer = TwinMessages.deviceState(eventId, device);
    return effects.keepAndReport(device, "device/" + device.id() + "/state/update", answer)
        .onSuccess(v -> {
          metrics.request("state", true);
          log.debug("[node: {}, device: {}, event: {}] state {}", node, device.id(), eventId, state);
          effects.publish(topic.result(), answer);
        });
  }

  private Future<Void> membership(BrokerMessage message) {
    String asked = TwinTopics.node(message.topic());
    if (!node.equals(asked)) {
      log.debug("[node: {}] membership of node {} asked: not this node, not answered", node, asked);
      return Future.succeededFuture();
    }
    String eventId = "";
    String resultTopic = TwinTopics.membershipResult(node);
    try {
      JsonObject json = request(message);
      eventId = TwinMessages.eventIdOf(json);
      TwinMessages.checkBase(json);
      effects.publish(resultTopic, TwinMessages.membership(eventId, devices.devices()));
      metrics.request("membership", true);
    } catch (TwinError error) {
      metrics.request("membership", false);
      log.info("[node: {}, event: {}] membership/get refused: {}", node, eventId, error.getMessage());
      effects.publish(resultTopic, TwinMessages.result(eventId, error.code(), error.getMessage()));
    }
    return Future.succeededFuture();
  }

  /** A get's payload: a BaseMessage, or nothing at all (some apps send an empty payload). */
  private static JsonObject request(BrokerMessage message) {
    return message.payload().length() == 0 ? new JsonObject() : TwinMessages.read(message.payload());
  }

  private DeviceTwinState known(TwinTopics.DeviceTopic topic) {
    return devices.device(topic.id()).orElseThrow(() -> TwinError.unknownDevice(topic.id(), node));
  }

  private static String stateOf(JsonObject json) {
    // KubeEdge reads the key case-insensitively (its DMI sends "State")
    for (Map.Entry<String, Object> entry : json) {
      if (entry.getKey().equalsIgnoreCase("state")) {
        if (!(entry.getValue() instanceof String state) || !STATES.contains(state.toLowerCase(Locale.ROOT))) {
          Object given = entry.getValue() instanceof String text ? "\"" + text + "\"" : entry.getValue();
          throw TwinError.badRequest("state " + given + " is not one of " + String.join(", ", new TreeSet<>(STATES)));
        }
        return state.toLowerCase(Locale.ROOT);
      }
    }
    throw TwinError.badRequest("state is missing");
  }

  private Future<Void> rejected(TwinTopics.DeviceTopic topic, String eventId, TwinError error) {
    log.info("[node: {}, device: {}, event: {}] {}/{} refused ({}): {}", node, topic.id(), eventId, topic.kind(),
        topic.action(), error.code(), error.getMessage());
    effects.publish(topic.result(), TwinMessages.result(eventId, error.code(), error.getMessage()));
    return Future.succeededFuture();
  }
}
