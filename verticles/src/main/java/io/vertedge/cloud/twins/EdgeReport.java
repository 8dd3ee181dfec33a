package io.vertedge.cloud.twins;

import io.vertedge.devices.model.DesiredValues;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One piece of state an edge reported about a device (KUBEEDGE-COMPAT 5.3, edge to cloud), as
 * the edge's DeviceTwin sends it through reliable delivery: route source {@code twin}, group
 * {@code resource}, operation {@code update}, and
 * <ul>
 *   <li>resource {@code device/<ns>/<name>/twin/edge_updated}, content
 *   {@code {"event_id","timestamp","twin":{"<property>":{"actual":{"value","metadata":{"timestamp":<ms>}},
 *   "expected":{...},"metadata":{"type"}}}}}, every property with an actual value;</li>
 *   <li>resource {@code device/<ns>/<name>/state/update}, content
 *   {@code {"event_id","timestamp","device":{"name","state","lastOnlineTime"}}}.</li>
 * </ul>
 * Read here into the status fields KubeEdge's cloud writes: {@code reported} and
 * {@code observedDesired} as {@code {value, metadata:{timestamp:"<ms>", type}}}.
 *
 * @param twins          per property: {@code reported} and/or {@code observedDesired}, or null when
 *                       this is a state report
 * @param state          the device's state, or null when this is a twin report
 * @param lastOnlineTime RFC 3339, or null
 */
record EdgeReport(String namespace, String name, Map<String, Map<String, Object>> twins, String state,
                  String lastOnlineTime) {

  static final String TWINS = "twin/edge_updated";
  static final String STATE = "state/update";

  /** A report that cannot be read; the message says what is wrong. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The report an envelope carries; empty for a resource that is not a device report (another
   * feature's state) or for a withdrawal. Throws {@link Malformed} for a device report that
   * cannot be read.
   */
  static Optional<EdgeReport> of(Envelope envelope) {
    String[] parts = envelope.getRoute().getResource().split("/", -1);
    if (parts.length != 5 || !parts[0].equals("device")) {
      return Optional.empty();
    }
    String kind = parts[3] + "/" + parts[4];
    if (!kind.equals(TWINS) && !kind.equals(STATE)) {
      return Optional.empty();
    }
    Route route = envelope.getRoute();
    if (!route.getOperation().equals("update")) {
      return Optional.empty(); // a withdrawn report leaves the status as it was
    }
    if (parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new Malformed("no namespace or name in the resource");
    }
    if (!route.getSource().equals("twin") || !route.getGroup().equals("resource")) {
      throw new Malformed("route source \"" + route.getSource() + "\" and group \"" + route.getGroup()
          + "\", expected \"twin\" and \"resource\"");
    }
    JsonObject content = json(envelope);
    return Optional.of(kind.equals(TWINS) ? twins(parts[1], parts[2], content) : state(parts[1], parts[2], content));
  }

  private static EdgeReport twins(String namespace, String name, JsonObject content) {
    JsonObject twin = required(content, "twin");
    Map<String, Map<String, Object>> twins = new LinkedHashMap<>();
    for (String property : twin.fieldNames()) {
      if (property.isEmpty()) {
        throw new Malformed("a twin without a property name");
      }
      JsonObject msgTwin = object(twin, property, "twin");
      String type = string(object(msgTwin, "metadata", property), "type", property + ".metadata");
      Map<String, Object> status = new LinkedHashMap<>();
      value(msgTwin, "actual", property, type).ifPresent(reported -> status.put("reported", reported));
      value(msgTwin, "expected", property, type).ifPresent(observed -> status.put("observedDesired", observed));
      if (!status.isEmpty()) {
        twins.put(property, status);
      }
    }
    return new EdgeReport(namespace, name, twins, null, null);
  }

  private static EdgeReport state(String namespace, String name, JsonObject content) {
    JsonObject device = required(content, "device");
    String state = string(device, "state", "device");
    if (state == null || state.isEmpty()) {
      throw new Malformed("no device.state");
    }
    String lastOnlineTime = string(device, "lastOnlineTime", "device");
    if (lastOnlineTime != null && !lastOnlineTime.isEmpty()) {
      try {
        OffsetDateTime.parse(lastOnlineTime);
      } catch (DateTimeException e) {
        throw new Malformed("device.lastOnlineTime \"" + lastOnlineTime + "\" is not an RFC 3339 time");
      }
    }
    return new EdgeReport(namespace, name, null, state, lastOnlineTime == null || lastOnlineTime.isEmpty() ? null
        : lastOnlineTime);
  }

  /** {@code actual} or {@code expected} as a status value {@code {value, metadata:{timestamp, type}}}. */
  private static Optional<Map<String, Object>> value(JsonObject msgTwin, String member, String property, String type) {
    JsonObject twinValue = object(msgTwin, member, property);
    if (twinValue == null) {
      return Optional.empty();
    }
    String where = property + "." + member;
    String value = string(twinValue, "value", where);
    if (value == null) {
      return Optional.empty();
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > DesiredValues.MAX_BYTES) {
      throw new Malformed(where + ".value is longer than " + DesiredValues.MAX_BYTES + " bytes");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    JsonObject given = object(twinValue, "metadata", where);
    Object timestamp = given == null ? null : given.getValue("timestamp");
    if (timestamp != null) {
      if (!(timestamp instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
        throw new Malformed(where + ".metadata.timestamp is not a number of milliseconds");
      }
      metadata.put("timestamp", Long.toString(number.longValue()));
    }
    if (type != null) {
      metadata.put("type", type);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("value", value);
    if (!metadata.isEmpty()) {
      result.put("metadata", metadata);
    }
    return Optional.of(result);
  }

  private static JsonObject json(Envelope envelope) {
    try {
      return new JsonObject(Buffer.buffer(envelope.getContent().toByteArray()));
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed("the content is not a JSON object");
    }
  }

  private static JsonObject object(JsonObject parent, String key, String where) {
    if (parent == null) {
      return null;
    }
    Object value = parent.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new Malformed(where + "." + key + " is not an object");
    }
    return (JsonObject) value;
  }

  private static JsonObject required(JsonObject content, String key) {
    JsonObject value = object(content, key, "content");
    if (value == null) {
      throw new Malformed("the content has no " + key + " object");
    }
    return value;
  }

  private static String string(JsonObject parent, String key, String where) {
    if (parent == null) {
      return null;
    }
    Object value = parent.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw new Malformed(where + "." + key + " is not a string");
    }
    return (String) value;
  }

  /**
   * {@code status} with this report in it: each reported property's entry of {@code twins[]}
   * replaced or added (other entries and fields stay), or {@code state} and
   * {@code lastOnlineTime} set.
   */
  Map<String, Object> appliedTo(Object status) {
    Map<String, Object> next = new LinkedHashMap<>();
    if (status instanceof Map<?, ?> given) {
      given.forEach((key, value) -> next.put((String) key, value));
    }
    if (twins != null) {
      next.put("twins", mergedTwins(next.get("twins") instanceof List<?> current ? current : List.of()));
    }
    if (state != null) {
      next.put("state", state);
      if (lastOnlineTime != null) {
        next.put("lastOnlineTime", lastOnlineTime);
      }
    }
    return next;
  }

  private List<Object> mergedTwins(List<?> current) {
    List<Object> merged = new ArrayList<>(current);
    twins.forEach((property, reported) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("propertyName", property);
      int at = -1;
      for (int i = 0; i < merged.size(); i++) {
        if (merged.get(i) instanceof Map<?, ?> existing && property.equals(existing.get("propertyName"))) {
          existing.forEach((k, v) -> entry.put((String) k, v));
          at = i;
          break;
        }
      }
      entry.putAll(reported);
      if (at < 0) {
        merged.add(entry);
      } else {
        merged.set(at, entry);
      }
    });
    return merged;
  }
}
