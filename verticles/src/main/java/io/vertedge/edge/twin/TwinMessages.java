package io.vertedge.edge.twin;

import io.vertedge.link.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * KubeEdge's DeviceTwin payloads (KUBEEDGE-COMPAT §5.3), read and written. Every message starts
 * with {@code event_id} and {@code timestamp} (ms); answers carry the request's {@code event_id}.
 */
final class TwinMessages {

  private TwinMessages() { }

  /** The payload as a JSON object, or a {@link TwinError} 400 saying why it is not one. */
  static JsonObject read(Buffer payload) {
    Object parsed;
    try {
      parsed = payload.length() == 0 ? null : payload.toJsonValue();
    } catch (DecodeException e) {
      throw TwinError.badRequest("the payload is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof JsonObject object)) {
      throw TwinError.badRequest(parsed == null ? "the payload is empty: a JSON object is expected"
          : "the payload must be a JSON object");
    }
    return object;
  }

  /** The request's {@code event_id} to answer with, "" when it has none (or not as a string). */
  static String eventIdOf(JsonObject message) {
    return message.getValue("event_id") instanceof String eventId ? eventId : "";
  }

  /** Checks the types of {@code event_id} (string) and {@code timestamp} (integer), both optional. */
  static void checkBase(JsonObject message) {
    Object eventId = message.getValue("event_id");
    if (eventId != null && !(eventId instanceof String)) {
      throw TwinError.badRequest("event_id must be a string");
    }
    Object timestamp = message.getValue("timestamp");
    if (timestamp != null && !(timestamp instanceof Integer || timestamp instanceof Long)) {
      throw TwinError.badRequest("timestamp must be an integer (milliseconds since the epoch)");
    }
  }

  static JsonObject base(String eventId) {
    return new JsonObject().put("event_id", eventId).put("timestamp", System.currentTimeMillis());
  }

  /** KubeEdge's {@code Result}: an error answer. */
  static JsonObject result(String eventId, int code, String reason) {
    return base(eventId).put("code", code).put("reason", reason);
  }

  /** {@code DeviceTwinResult}: the twins without versions. */
  static JsonObject twinResult(String eventId, JsonObject twin) {
    return base(eventId).put("twin", twin);
  }

  /** {@code DeviceTwinDocument}: each changed property before ({@code null} when it had none) and after. */
  static JsonObject document(String eventId, Map<String, PropertyTwin> last, Map<String, PropertyTwin> current) {
    JsonObject twin = new JsonObject();
    current.forEach((property, now) -> {
      PropertyTwin before = last.get(property);
      twin.put(property, new JsonObject()
          .put("last", before == null ? null : before.toJson(false))
          .put("current", now == null ? null : now.toJson(false)));
    });
    return base(eventId).put("twin", twin);
  }

  /** {@code DeviceTwinDelta}: all twins, and each expected value the actual one does not match. */
  static JsonObject delta(String eventId, DeviceTwinState device) {
    return base(eventId).put("twin", device.twinJson(false)).put("delta", device.delta());
  }

  /** The snapshot the cloud gets on {@code device/<ns>/<name>/twin/edge_updated}. */
  static JsonObject edgeUpdated(String eventId, DeviceTwinState device) {
    return base(eventId).put("twin", device.reportedJson());
  }

  /** {@code DeviceMsg}: the answer to {@code state/update}, and what the cloud gets of it. */
  static JsonObject deviceState(String eventId, DeviceTwinState device) {
    JsonObject state = new JsonObject().put("name", device.name()).put("state", device.state());
    if (!device.lastOnline().isEmpty()) {
      state.put("lastOnlineTime", device.lastOnline());
    }
    return base(eventId).put("device", state);
  }

  /** A membership {@code Device}: id, name, state, last_online and twin (empty members left out, as KubeEdge's omitempty). */
  static JsonObject memberDevice(DeviceTwinState device) {
    JsonObject json = new JsonObject().put("id", device.id()).put("name", device.name());
    if (!device.state().isEmpty()) {
      json.put("state", device.state());
    }
    if (!device.lastOnline().isEmpty()) {
      json.put("last_online", device.lastOnline());
    }
    JsonObject twin = device.twinJson(false);
    if (!twin.isEmpty()) {
      json.put("twin", twin);
    }
    return json;
  }

  /** {@code MembershipUpdate}, of membership {@code Device}s ({@link #memberDevice}). */
  static JsonObject membershipUpdated(List<JsonObject> added, List<JsonObject> removed) {
    return base(Ids.next()).put("added_devices", new JsonArray(new ArrayList<>(added)))
        .put("removed_devices", new JsonArray(new ArrayList<>(removed)));
  }

  static JsonObject membership(String eventId, Collection<DeviceTwinState> devices) {
    return base(eventId).put("devices", members(devices));
  }

  private static JsonArray members(Collection<DeviceTwinState> devices) {
    JsonArray array = new JsonArray();
    devices.forEach(device -> array.add(memberDevice(device)));
    return array;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
