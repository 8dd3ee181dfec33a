package io.vertedge.cloud.twins;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceProperty;
import io.vertedge.devices.model.Twin;
import io.vertedge.devices.model.TwinValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A device's twins as the twin routes answer them (API.md section 5): one item per property of
 * the device, {@code {"property","desired":{"value","version"},"reported":{"value","timestamp"}}},
 * desired from {@code spec.properties[].desired}, reported from {@code status.twins[].reported};
 * a part without a value is left out (KubeEdge writes {@code value: ""} for none).
 */
final class TwinItems {

  private TwinItems() { }

  /** {@code {"items":[...]}}, in the order of {@code spec.properties}. */
  static JsonObject list(Device device, ToLongFunction<String> versionOf) {
    JsonArray items = new JsonArray();
    Set<String> seen = new HashSet<>();
    for (DeviceProperty property : device.properties()) {
      if (property.name() != null && seen.add(property.name())) {
        items.add(item(device, property, versionOf));
      }
    }
    return new JsonObject().put("items", items);
  }

  /** The item of one property of the device. */
  static JsonObject item(Device device, DeviceProperty property, ToLongFunction<String> versionOf) {
    JsonObject item = new JsonObject().put("property", property.name());
    if (property.desired().isSet()) {
      item.put("desired", new JsonObject().put("value", property.desired().value())
          .put("version", versionOf.applyAsLong(property.name())));
    }
    reported(device, property.name()).ifPresent(reported -> {
      JsonObject json = new JsonObject().put("value", reported.value());
      timestamp(reported).ifPresent(time -> json.put("timestamp", time));
      item.put("reported", json);
    });
    return item;
  }

  private static Optional<TwinValue> reported(Device device, String property) {
    return device.status().twins().stream()
        .filter(twin -> property.equals(twin.propertyName()))
        .map(Twin::reported)
        .filter(TwinValue::isSet)
        .findFirst();
  }

  /** {@code metadata.timestamp} (milliseconds, as KubeEdge writes it) in RFC 3339; absent when it is neither. */
  static Optional<String> timestamp(TwinValue value) {
    String text = value.metadata().get("timestamp");
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)).toString());
    } catch (NumberFormatException | DateTimeException e) {
      try {
        return Optional.of(Instant.parse(text).toString());
      } catch (DateTimeException notRfc3339) {
        return Optional.empty();
      }
    }
  }
}
