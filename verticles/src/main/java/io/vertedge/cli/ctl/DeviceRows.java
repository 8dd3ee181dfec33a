package io.vertedge.cli.ctl;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.DeviceStatus;
import io.vertedge.devices.model.Resource;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table columns of the device kinds. Devices: NAME, MODEL, NODE, AGE (wide: PROTOCOL,
 * PROPERTIES, STATE); models: NAME, PROTOCOL, PROPERTIES, AGE (wide: the property names);
 * statuses: NAME, STATE, LAST-ONLINE, AGE (wide: TWINS). NAMESPACE first across namespaces.
 */
final class DeviceRows {

  private DeviceRows() { }

  static Table table(ResourceType type, boolean wide, boolean withNamespace) {
    List<String> headers = new ArrayList<>(withNamespace ? List.of("NAMESPACE") : List.of());
    headers.addAll(switch (type) {
      case DEVICES -> Table.columns(wide, List.of("NAME", "MODEL", "NODE", "AGE"), "PROTOCOL", "PROPERTIES", "STATE");
      case DEVICEMODELS -> Table.columns(wide, List.of("NAME", "PROTOCOL", "PROPERTIES", "AGE"), "PROPERTY-NAMES");
      case DEVICESTATUSES -> Table.columns(wide, List.of("NAME", "STATE", "LAST-ONLINE", "AGE"), "TWINS");
      case NODES -> throw new IllegalArgumentException("nodes are not a device kind");
    });
    return new Table(headers);
  }

  static List<String> row(ResourceType type, JsonObject item, boolean wide, boolean withNamespace, Instant now) {
    Resource resource = DeviceDocuments.readJson(item.encode());
    List<String> cells = new ArrayList<>(withNamespace ? List.of(resource.namespace()) : List.of());
    String age = Table.age(resource.metadata().creationTimestamp(), now);
    if (resource instanceof Device device) {
      cells.addAll(Table.columns(wide, List.of(device.name(), text(device.modelName()), text(device.nodeName()), age),
          text(device.protocolName()), String.valueOf(device.properties().size()), text(device.status().state())));
    } else if (resource instanceof DeviceModel model) {
      cells.addAll(Table.columns(wide, List.of(model.name(), text(model.protocol()),
              String.valueOf(model.properties().size()), age),
          String.join(",", model.properties().stream().map(p -> text(p.name())).toList())));
    } else if (resource instanceof DeviceStatus status) {
      cells.addAll(Table.columns(wide, List.of(status.name(), text(status.status().state()),
              Table.age(status.status().lastOnlineTime(), now), age),
          String.valueOf(status.status().twins().size())));
    }
    return cells;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
