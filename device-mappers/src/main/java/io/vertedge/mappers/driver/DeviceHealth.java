package io.vertedge.mappers.driver;

/** Device states a driver reports, spelled as KubeEdge's mappers report them (DMI ReportDeviceStates). */
public enum DeviceHealth {
  /** The device answers. */
  ONLINE("online"),
  /** The device cannot be reached (connection refused or lost), or the driver is stopped. */
  OFFLINE("offline"),
  /** The device is reached but does not answer properly (requests time out). */
  UNHEALTHY("unhealthy");

  private final String state;

  DeviceHealth(String state) {
    this.state = state;
  }

  /** The state string as it goes into {@code ReportDeviceStates}. */
  public String state() {
    return state;
  }
}
