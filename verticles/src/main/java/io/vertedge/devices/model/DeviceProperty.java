package io.vertedge.devices.model;

import java.time.Duration;
import java.util.Map;

/**
 * One of a {@code Device}'s {@code spec.properties[]} (KUBEEDGE-COMPAT 6.2). Absent members are
 * {@code null}, except {@code desired} ({@link TwinValue} with an empty value), {@code visitors}
 * (empty) and {@code pushMethod} (empty map, kept as given: http, mqtt, otel, dbMethod,
 * anomalyDetection).
 */
public record DeviceProperty(String name, TwinValue desired, VisitorConfig visitors,
    Long reportCycle, Long collectCycle, Boolean reportToCloud, Map<String, Object> pushMethod) {

  static DeviceProperty of(Object property) {
    Map<String, Object> m = Tree.object(property);
    return new DeviceProperty(Tree.string(m.get("name")), TwinValue.of(m.get("desired")),
        VisitorConfig.of(m.get("visitors")), Tree.integer(m.get("reportCycle")),
        Tree.integer(m.get("collectCycle")), Tree.bool(m.get("reportToCloud")),
        Tree.object(m.get("pushMethod")));
  }

  /** How often the value is reported, by {@link Cycles#interval}. */
  public Duration reportInterval() { return Cycles.interval(reportCycle); }

  /** How often the value is collected from the device, by {@link Cycles#interval}. */
  public Duration collectInterval() { return Cycles.interval(collectCycle); }
}
