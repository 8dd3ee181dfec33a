package io.vertedge.edge.mappers;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.DeviceProperty;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.mappers.driver.AccessMode;
import io.vertedge.mappers.driver.Cycles;
import io.vertedge.mappers.driver.DeviceSpec;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertySpec;
import io.vertedge.mappers.driver.PropertyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a built-in mapper runs for one device: the driver's {@link DeviceSpec} (the model's
 * properties, the model's {@code protocolConfigData} under the device's {@code configData}, the
 * model's visitors under the device's) and each property's schedule. {@code STREAM} properties
 * have no driver values and are left out.
 */
record DevicePlan(String namespace, String name, String protocol, DeviceSpec spec, List<Schedule> schedules) {

  private static final Logger log = LoggerFactory.getLogger(DevicePlan.class);

  /**
   * One property's schedule. {@code reportToCloud} is false unless the device sets it, as in
   * KubeEdge (a Go bool's zero value); the property is collected either way, and pushed every
   * {@code report} cycle to its {@code pushMethod} (as given: one map per method name) either way.
   * {@code unit} is the model's, or null.
   */
  record Schedule(PropertySpec property, Duration collect, Duration report, boolean reportToCloud,
                  Map<String, Object> pushMethod, String unit) { }

  String id() {
    return namespace + "/" + name;
  }

  /** The plan, or an {@link InvalidFieldException} naming the field that cannot be run. */
  static DevicePlan of(Device device, DeviceModel model) {
    String id = device.namespace() + "/" + device.name();
    Map<String, Object> protocolConfig = new LinkedHashMap<>(model.protocolConfigData());
    protocolConfig.putAll(device.protocolConfigData());
    List<PropertySpec> properties = new ArrayList<>();
    List<Schedule> schedules = new ArrayList<>();
    for (ModelProperty modelProperty : model.properties()) {
      String field = "properties[" + modelProperty.name() + "]";
      if ("STREAM".equals(modelProperty.type())) {
        log.debug("[device: {}] {} is a STREAM: not collected", id, field);
        continue;
      }
      Optional<DeviceProperty> own = device.property(modelProperty.name());
      Map<String, Object> visitors = new LinkedHashMap<>(modelProperty.visitors().configData());
      own.ifPresent(p -> visitors.putAll(p.visitors().configData()));
      PropertySpec spec = new PropertySpec(modelProperty.name(), PropertyType.parse(field + ".type", modelProperty.type()),
          AccessMode.parse(field + ".accessMode", modelProperty.accessMode()), visitors);
      properties.add(spec);
      schedules.add(new Schedule(spec,
          Cycles.of(field + ".collectCycle", own.map(DeviceProperty::collectCycle).orElse(null)),
          Cycles.of(field + ".reportCycle", own.map(DeviceProperty::reportCycle).orElse(null)),
          own.map(DeviceProperty::reportToCloud).map(Boolean.TRUE::equals).orElse(false),
          own.map(DeviceProperty::pushMethod).orElse(Map.of()), modelProperty.unit()));
    }
    return new DevicePlan(device.namespace(), device.name(), device.protocolName(),
        new DeviceSpec(id, protocolConfig, properties), List.copyOf(schedules));
  }
}
