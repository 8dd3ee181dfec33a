package io.vertedge.edge.twin;

/**
 * A message the twin answers with KubeEdge's {@code Result} {@code {event_id, timestamp, code,
 * reason}} (400 bad request, 404 unknown device) instead of acting on it; in-process reporters
 * ({@link DeviceTwin#reportTwins}, {@link DeviceTwin#reportState}) get it as their failure.
 */
public final class TwinError extends RuntimeException {

  private final int code;

  TwinError(int code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  static TwinError badRequest(String reason) {
    return new TwinError(400, reason);
  }

  static TwinError unknownDevice(String id, String node) {
    return new TwinError(404, "device " + id + " is not a device of node " + node);
  }

  /** 400 (bad request) or 404 (a device this node does not hold). */
  public int code() {
    return code;
  }
}
