package io.vertedge.edge.dmi;

import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.Twin;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks DMI requests (an {@link InvalidRequest} naming the missing or wrong field, answered with
 * INVALID_ARGUMENT) and turns reports into DeviceTwin's messages as KubeEdge's DMI server does
 * (KUBEEDGE-COMPAT §1.3): each twin becomes {@code {"actual":{"value":reported.value},
 * "expected":{"value":observedDesired.value}}} of a {@code twin/update}; twin metadata is dropped.
 */
final class DmiRequests {

  /** A request that misses a field or carries a wrong one; the message names it. */
  static final class InvalidRequest extends RuntimeException {
    InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }

  private DmiRequests() { }

  /** The mapper to remember; {@code address} is needed when it asks for its devices (withData). */
  static MapperInfo mapper(MapperRegisterRequest request) {
    if (!request.hasMapper()) {
      throw new InvalidRequest("mapper is missing: a MapperInfo with name, protocol and address is needed");
    }
    MapperInfo mapper = request.getMapper();
    required("mapper.name", mapper.getName());
    required("mapper.protocol", mapper.getProtocol());
    if (request.getWithData() && mapper.getAddress().isEmpty()) {
      throw new InvalidRequest("mapper.address is empty: withData needs the mapper's gRPC socket path");
    }
    return mapper;
  }

  /** The twin/update message for the device's twin, or an {@link InvalidRequest}. */
  static JsonObject twinUpdate(ReportDeviceStatusRequest request) {
    required("deviceName", request.getDeviceName());
    required("deviceNamespace", request.getDeviceNamespace());
    if (request.getReportedDevice().getTwinsCount() == 0) {
      throw new InvalidRequest("reportedDevice has no twins: nothing to report for device "
          + request.getDeviceNamespace() + "/" + request.getDeviceName());
    }
    JsonObject twins = new JsonObject();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < request.getReportedDevice().getTwinsCount(); i++) {
      Twin twin = request.getReportedDevice().getTwins(i);
      String field = "reportedDevice.twins[" + i + "]";
      required(field + ".propertyName", twin.getPropertyName());
      Integer before = seen.putIfAbsent(twin.getPropertyName(), i);
      if (before != null) {
        throw new InvalidRequest(field + ".propertyName " + twin.getPropertyName() + " repeats reportedDevice.twins["
            + before + "]");
      }
      if (!twin.hasReported() && !twin.hasObservedDesired()) {
        throw new InvalidRequest(field + " (" + twin.getPropertyName() + ") has neither reported nor observedDesired");
      }
      JsonObject entry = new JsonObject();
      if (twin.hasReported()) {
        entry.put("actual", new JsonObject().put("value", twin.getReported().getValue()));
      }
      if (twin.hasObservedDesired()) {
        entry.put("expected", new JsonObject().put("value", twin.getObservedDesired().getValue()));
      }
      twins.put(twin.getPropertyName(), entry);
    }
    return new JsonObject().put("event_id", "").put("timestamp", System.currentTimeMillis()).put("twin", twins);
  }

  /** The state to report; its value is checked by DeviceTwin (one of KubeEdge's states). */
  static String state(ReportDeviceStatesRequest request) {
    required("deviceName", request.getDeviceName());
    required("deviceNamespace", request.getDeviceNamespace());
    required("state", request.getState());
    return request.getState();
  }

  private static void required(String field, String value) {
    if (value.isEmpty()) {
      throw new InvalidRequest(field + " is empty");
    }
  }
}
