package io.vertedge.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusJsonTest {

  @Test
  void invalidDeviceRendersTheFullKubernetesStatus() {
    ApiException invalid = new ApiException(422, "Invalid",
        "Device.devices.kubeedge.io \"thermo-1\" is invalid: spec.properties[2].type: Unsupported value: \"LONG\"",
        new ApiException.Details("thermo-1", "devices.kubeedge.io", "devices", List.of(
            new ApiException.Cause("FieldValueNotSupported", "spec.properties[2].type", "Unsupported value: \"LONG\""))));

    JsonObject status = StatusJson.of(invalid);

    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"code\":422,"
        + "\"reason\":\"Invalid\",\"message\":\"Device.devices.kubeedge.io \\\"thermo-1\\\" is invalid: "
        + "spec.properties[2].type: Unsupported value: \\\"LONG\\\"\",\"details\":{\"name\":\"thermo-1\","
        + "\"group\":\"devices.kubeedge.io\",\"kind\":\"devices\",\"causes\":[{\"reason\":\"FieldValueNotSupported\","
        + "\"field\":\"spec.properties[2].type\",\"message\":\"Unsupported value: \\\"LONG\\\"\"}]}}", status.encode());
  }

  @Test
  void failureWithoutDetailsHasNoDetailsField() {
    JsonObject status = StatusJson.of(ApiException.unavailable("node edge-1 is not connected"));

    assertEquals(new JsonObject("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"code\":503,\"reason\":\"ServiceUnavailable\",\"message\":\"node edge-1 is not connected\"}"), status);
  }

  @Test
  void detailsKeepOnlyWhatIsSet() {
    ApiException notFound = new ApiException(404, "NotFound", "nodes \"edge-9\" not found",
        new ApiException.Details("edge-9", null, "nodes", List.of()));

    assertEquals(new JsonObject().put("name", "edge-9").put("kind", "nodes"),
        StatusJson.of(notFound).getJsonObject("details"));
  }
}
