package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.vertedge.runtime.CloudApi.DEVICES;
import static io.vertedge.runtime.CloudApi.TWINS;
import static io.vertedge.runtime.CloudApi.expect;
import static io.vertedge.runtime.CloudApi.report;
import static io.vertedge.runtime.CloudApi.stateReport;
import static io.vertedge.runtime.CloudApi.twinReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What edges report of their devices, sent through the real link as the edge's DeviceTwin sends
 * it, lands in both status layouts (KUBEEDGE-COMPAT 6.3) as KubeEdge's cloud writes it; only the
 * device's own node is heard; unreadable reports are counted and skipped; and a report stored
 * at the cloud is written again at its start.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwinReportsTest {

  private static final String DEVICE = DEVICES + "/devices/thermometer-1";
  private static final String STATUS = DEVICES + "/devicestatuses/thermometer-1";
  private static final long AT = 1764068400000L;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonObject REPORTED = new JsonObject("""
      {"twins":[
        {"propertyName":"temperature","reported":{"value":"24.8","metadata":{"timestamp":"1764068400000","type":"float"}},
         "observedDesired":{"value":""}},
        {"propertyName":"setpoint","reported":{"value":"21","metadata":{"timestamp":"1764068400000","type":"int"}},
         "observedDesired":{"value":"21","metadata":{"timestamp":"1764068399000","type":"int"}}}],
       "state":"offline","lastOnlineTime":"2026-11-25T20:00:00Z"}""");

  /** The same into a status that had none (the sample device's status has an empty observedDesired). */
  private static final JsonObject FRESH = new JsonObject("""
      {"twins":[
        {"propertyName":"temperature","reported":{"value":"24.8","metadata":{"timestamp":"1764068400000","type":"float"}}},
        {"propertyName":"setpoint","reported":{"value":"21","metadata":{"timestamp":"1764068400000","type":"int"}},
         "observedDesired":{"value":"21","metadata":{"timestamp":"1764068399000","type":"int"}}}],
       "state":"offline","lastOnlineTime":"2026-11-25T20:00:00Z"}""");

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi api;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    api = new CloudApi(hub);
    api.createThermometer();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void reportsReachBothStatusLayoutsAndSendNothingDown() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(WAIT, "edge-1 holds the device", () -> CloudApi.state(edge).containsKey("device/default/thermometer-1"));
    String sent = CloudApi.state(edge).get("device/default/thermometer-1").getResourceVersion();

    edge.delivery().report(twinReport("24.8", AT)).await();
    edge.delivery().report(stateReport("offline", "2026-11-25T20:00:00Z")).await();

    Poll.until(WAIT, "the device's status holds the report", () -> deviceStatus().equals(REPORTED));
    // the separate DeviceStatus is written after Device.status
    Poll.until(WAIT, "the DeviceStatus holds the report", () -> FRESH.equals(api.getJson(STATUS).getJsonObject("status")));
    JsonObject status = api.getJson(STATUS);
    assertEquals(FRESH, status.getJsonObject("status"));
    JsonObject device = api.getJson(DEVICE);
    assertEquals(new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
            .put("name", "thermometer-1").put("uid", device.getJsonObject("metadata").getString("uid"))
            .put("controller", true).put("blockOwnerDeletion", true),
        status.getJsonObject("metadata").getJsonArray("ownerReferences").getJsonObject(0), "owned by its device");
    assertEquals(new JsonObject(), status.getJsonObject("spec"));
    assertEquals(new JsonObject("{\"property\":\"temperature\",\"reported\":{\"value\":\"24.8\","
        + "\"timestamp\":\"2025-11-25T11:00:00Z\"}}"), api.getJson(TWINS).getJsonArray("items").getJsonObject(0));

    edge.delivery().report(twinReport("25.1", AT + 1000)).await();
    Poll.until(WAIT, "the newer report replaced the older", () -> deviceStatus().getJsonArray("twins")
        .getJsonObject(0).getJsonObject("reported").getString("value").equals("25.1"));
    assertEquals(sent, CloudApi.state(edge).get("device/default/thermometer-1").getResourceVersion(),
        "a status write sends the device nowhere");
    edge.stop().await();
  }

  @Test
  void onlyTheDevicesNodeIsHeardAndUnreadableReportsAreSkipped() {
    EdgeRuntime owner = hub.startEdge("edge-1");
    EdgeRuntime other = hub.startEdge("edge-2");
    JsonObject before = deviceStatus();

    other.delivery().report(twinReport("99.9", AT)).await();
    owner.delivery().report(report("device/default/thermometer-1/twin/edge_updated", new JsonObject()
        .put("event_id", "e-1").put("twin", new JsonObject().put("temperature", "24.8")))).await();
    owner.delivery().report(report("device/default/nothing/state/update", new JsonObject()
        .put("device", new JsonObject().put("state", "online")))).await();

    Poll.until(WAIT, "each is counted", () -> ignored("not_owner") >= 1 && ignored("malformed") >= 1
        && ignored("unknown_device") >= 1);
    owner.delivery().report(stateReport("offline", "2026-11-25T20:00:00Z")).await();
    Poll.until(WAIT, "the owner's next report is written", () -> "offline".equals(deviceStatus().getString("state")));
    assertEquals(before.getJsonArray("twins"), deviceStatus().getJsonArray("twins"), "no twin was written");
    assertEquals(404, api.request("GET", DEVICES + "/devices/nothing", null, null).statusCode());
    owner.stop().await();
    other.stop().await();
  }

  @Test
  void theStatusSurvivesARestartAndAStoredReportIsWrittenAgainAtStart() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    edge.delivery().report(twinReport("24.8", AT)).await();
    edge.delivery().report(stateReport("offline", "2026-11-25T20:00:00Z")).await();
    Poll.until(WAIT, "the device's status holds the report", () -> deviceStatus().equals(REPORTED));
    JsonObject twins = api.getJson(TWINS);
    edge.stop().await();

    hub.restartCloud();
    assertEquals(REPORTED, deviceStatus(), "kept across a restart");
    assertEquals(twins, api.getJson(TWINS), "versions included");

    // as if the cloud had stopped after storing the report and before writing the status
    expect(200, api.request("PATCH", DEVICE + "/status", "application/merge-patch+json",
        "{\"status\":{\"twins\":null,\"state\":null,\"lastOnlineTime\":null}}"));
    expect(200, api.request("DELETE", STATUS, null, null));
    assertFalse(deviceStatus().containsKey("twins"));

    hub.restartCloud();
    assertEquals(FRESH, deviceStatus(), "written again from what edge-1 reported, with edge-1 gone");
    assertEquals(FRESH, api.getJson(STATUS).getJsonObject("status"), "the DeviceStatus is back");
    assertEquals(twins, api.getJson(TWINS));
  }

  private JsonObject deviceStatus() {
    JsonObject status = api.getJson(DEVICE).getJsonObject("status");
    return status == null ? new JsonObject() : status;
  }

  /** {@code vertedge_twin_reports_ignored_total{reason}} as the cloud's /metrics shows it. */
  private long ignored(String reason) {
    return api.metrics().lines()
        .filter(line -> line.startsWith("vertedge_twin_reports_ignored_total{") && line.contains("reason=\"" + reason + "\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
