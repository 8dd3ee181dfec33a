package io.vertedge.edge.twin;

import io.vertedge.devices.model.DesiredValues;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.model.PropertyType;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device's {@code twin/update} (KubeEdge's {@code DeviceTwinUpdate}), read and checked: a JSON
 * object, optional {@code event_id} (string) and {@code timestamp} (integer), and a non-empty
 * {@code twin} whose entries each carry an {@code actual} and/or {@code expected} value. Values
 * are any UTF-8 string up to 512 bytes that parses as the property's type in the device's model
 * (an empty value is none, and leaves that side as it was);
 * {@code metadata.type} is one of KubeEdge's. Every problem is a {@link TwinError} 400 naming the
 * field.
 *
 * @param changes by property, in the order the device sent them
 */
record TwinUpdate(String eventId, Map<String, Change> changes) {

  /** KubeEdge's accepted {@code metadata.type} values (case-sensitive, "" for the default, string). */
  static final Set<String> TYPES = Set.of("", "string", "int", "integer", "float", "boolean", "deleted");

  /** What a device sent for one property; a {@code null} value leaves that side as it is. */
  record Change(String type, String actual, String expected) { }

  /** The update, or a {@link TwinError} 400; the device and model checks are {@link #check}'s. */
  static TwinUpdate parse(JsonObject message) {
    TwinMessages.checkBase(message);
    String eventId = TwinMessages.eventIdOf(message);
    Object twin = message.getValue("twin");
    if (!(twin instanceof JsonObject entries) || entries.isEmpty()) {
      throw TwinError.badRequest(twin == null ? "twin is missing: nothing to update"
          : twin instanceof JsonObject ? "twin is empty: nothing to update" : "twin must be an object");
    }
    Map<String, Change> changes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries) {
      changes.put(entry.getKey(), change("twin." + entry.getKey(), entry.getValue()));
    }
    return new TwinUpdate(eventId, changes);
  }

  private static Change change(String field, Object twin) {
    if (!(twin instanceof JsonObject entry)) {
      throw TwinError.badRequest(field + " must be an object");
    }
    String type = null;
    Object metadata = entry.getValue("metadata");
    if (metadata != null) {
      if (!(metadata instanceof JsonObject meta) || meta.containsKey("type") && !(meta.getValue("type") instanceof String)) {
        throw TwinError.badRequest(field + ".metadata must be an object with a string type");
      }
      type = meta.getString("type");
      if (type != null && !TYPES.contains(type)) {
        throw TwinError.badRequest(field + ".metadata.type \"" + type + "\" is not one of \"\", string, int, integer,"
            + " float, boolean");
      }
      if ("deleted".equals(type)) {
        throw TwinError.badRequest(field + ": deleting a twin is not supported, the device's model defines its properties");
      }
    }
    String actual = value(field + ".actual", entry.getValue("actual"));
    String expected = value(field + ".expected", entry.getValue("expected"));
    if (actual == null && expected == null) {
      throw TwinError.badRequest(field + " has neither an actual nor an expected value (an empty value is none)");
    }
    return new Change(type, actual, expected);
  }

  private static String value(String field, Object side) {
    if (side == null) {
      return null;
    }
    if (!(side instanceof JsonObject object) || !(object.getValue("value") instanceof String value)) {
      throw TwinError.badRequest(field + " must be an object with a string value");
    }
    if (value.isEmpty()) {
      return null; // no value, as KubeEdge writes it (a mapper's expected is "" until a value is desired)
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > DesiredValues.MAX_BYTES) {
      throw TwinError.badRequest(field + ".value is " + bytes + " bytes long: at most " + DesiredValues.MAX_BYTES
          + " bytes of UTF-8 are allowed");
    }
    return value;
  }

  /**
   * Checks the update against the device's properties: each must be one of its model's (of its
   * own {@code spec.properties} while the model is not known here), and values must parse as
   * the model's type (the given {@code metadata.type} without a model).
   */
  void check(DeviceTwinState device, DeviceModel model) {
    changes.forEach((property, change) -> {
      Optional<ModelProperty> inModel = model == null ? Optional.empty() : model.property(property);
      if (model != null && inModel.isEmpty()) {
        throw TwinError.badRequest("twin." + property + ": the device's model " + model.name()
            + " has no property " + property);
      }
      if (model == null && device.device().property(property).isEmpty()) {
        throw TwinError.badRequest("twin." + property + ": device " + device.id() + " has no property " + property);
      }
      PropertyType type = inModel.flatMap(ModelProperty::propertyType).orElse(typeOf(change.type()));
      checkType("twin." + property + ".actual", change.actual(), type, property);
      checkType("twin." + property + ".expected", change.expected(), type, property);
    });
  }

  private static void checkType(String field, String value, PropertyType type, String property) {
    if (value != null) {
      Optional<String> problem = DesiredValues.typeProblem(type, value, property);
      if (problem.isPresent()) {
        throw TwinError.badRequest(field + ".value \"" + value + "\" " + problem.get());
      }
    }
  }

  /** The type a KubeEdge {@code metadata.type} names. */
  static PropertyType typeOf(String kubeEdgeType) {
    return switch (kubeEdgeType == null ? "" : kubeEdgeType) {
      case "int", "integer" -> PropertyType.INT;
      case "float" -> PropertyType.FLOAT;
      case "boolean" -> PropertyType.BOOLEAN;
      default -> PropertyType.STRING;
    };
  }

  /** The KubeEdge {@code metadata.type} of a model's type (one every KubeEdge device app accepts back). */
  static String kubeEdgeType(PropertyType type) {
    return switch (type) {
      case INT -> "int";
      case FLOAT, DOUBLE -> "float";
      case BOOLEAN -> "boolean";
      default -> "string";
    };
  }
}
