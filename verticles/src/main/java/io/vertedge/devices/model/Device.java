package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code Device} (KUBEEDGE-COMPAT 6.2), with its {@code status} in either layout (6.3). */
public final class Device extends Resource {

  Device(Map<String, Object> document, List<String> duplicateFields) {
    super(document, duplicateFields);
  }

  @Override
  public ResourceKind kind() { return ResourceKind.DEVICE; }

  /** {@code spec.deviceModelRef.name}, or {@code null}. */
  public String modelName() { return Tree.string(get("spec", "deviceModelRef", "name")); }

  /** {@code spec.nodeName}, or {@code null} (not bound to a node). */
  public String nodeName() { return Tree.string(get("spec", "nodeName")); }

  /** {@code spec.protocol.protocolName}, or {@code null}. */
  public String protocolName() { return Tree.string(get("spec", "protocol", "protocolName")); }

  /** {@code spec.protocol.configData}, free-form, as given; empty when absent. */
  public Map<String, Object> protocolConfigData() { return Tree.object(get("spec", "protocol", "configData")); }

  /** {@code spec.properties[]}. */
  public List<DeviceProperty> properties() {
    return Tree.list(get("spec", "properties")).stream().map(DeviceProperty::of).toList();
  }

  /** The first of {@code spec.properties[]} named {@code name}. */
  public Optional<DeviceProperty> property(String name) {
    return properties().stream().filter(p -> name.equals(p.name())).findFirst();
  }

  /** {@code spec.methods[]}. */
  public List<DeviceMethod> methods() {
    return Tree.list(get("spec", "methods")).stream().map(DeviceMethod::of).toList();
  }

  /** {@code spec.stateReport} (members {@code null} when absent). */
  public StateReport stateReport() { return StateReport.of(get("spec", "stateReport")); }

  /** {@code status}: twins, state and lastOnlineTime (old layout), reportToCloud and reportCycle (new). */
  public ReportedStatus status() { return ReportedStatus.of(get("status")); }

  @Override
  public Device with(List<String> keys, Object value) { return (Device) super.with(keys, value); }
}
