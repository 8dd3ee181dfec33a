package io.vertedge.devices.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of {@code devices.kubeedge.io/v1beta1} this model reads (KUBEEDGE-COMPAT section 6):
 * {@code Device}, {@code DeviceModel}, and the separate {@code DeviceStatus} of KubeEdge 1.23.
 */
public enum ResourceKind {
  DEVICE("Device", "devices"),
  DEVICE_MODEL("DeviceModel", "devicemodels"),
  DEVICE_STATUS("DeviceStatus", "devicestatuses");

  /** The API group. */
  public static final String GROUP = "devices.kubeedge.io";
  /** The only version read and written. */
  public static final String VERSION = "v1beta1";
  /** {@code devices.kubeedge.io/v1beta1}, the {@code apiVersion} every document carries. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private final String kind;
  private final String plural;

  ResourceKind(String kind, String plural) {
    this.kind = kind;
    this.plural = plural;
  }

  /** The {@code kind} as written in documents, e.g. {@code DeviceModel}. */
  public String kind() { return kind; }

  /** The resource name in URLs and in {@code Status} details, e.g. {@code devicemodels}. */
  public String plural() { return plural; }

  /** Kind and group as Kubernetes prints them in messages: {@code Device.devices.kubeedge.io}. */
  public String qualified() { return kind + "." + GROUP; }

  /** The kind whose {@code kind} field is exactly {@code kind} (case-sensitive, as Kubernetes). */
  public static Optional<ResourceKind> ofKind(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** The kind names, for messages: {@code "Device", "DeviceModel", "DeviceStatus"}. */
  static String quotedKinds() {
    return String.join(", ", Arrays.stream(values()).map(k -> GoText.quote(k.kind)).toList());
  }

}
