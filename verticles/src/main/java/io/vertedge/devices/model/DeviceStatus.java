package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;

/**
 * The separate {@code DeviceStatus} of KubeEdge 1.23 (KUBEEDGE-COMPAT 6.3): same name and
 * namespace as its {@code Device}, {@code spec: {}}, and the reported twins, state,
 * lastOnlineTime and free-form extensions in {@code status}.
 */
public final class DeviceStatus extends Resource {

  DeviceStatus(Map<String, Object> document, List<String> duplicateFields) {
    super(document, duplicateFields);
  }

  @Override
  public ResourceKind kind() { return ResourceKind.DEVICE_STATUS; }

  /** {@code status}. */
  public ReportedStatus status() { return ReportedStatus.of(get("status")); }

  @Override
  public DeviceStatus with(List<String> keys, Object value) { return (DeviceStatus) super.with(keys, value); }
}
