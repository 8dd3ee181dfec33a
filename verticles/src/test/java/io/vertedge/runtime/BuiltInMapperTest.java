package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge's built-in mappers end to end: a {@code protocolName: virtual} device created through
 * the cloud's device API is read on its edge, its values and state show up in the cloud, a desired
 * value set in the cloud is written to it and read back, and a deleted device is no longer read.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BuiltInMapperTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DEVICE = CloudApi.DEVICES + "/devices/sim-1";
  private static final String TWINS = "/api/v1/namespaces/default/devices/sim-1/twins";
  private static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: sim-model, namespace: default}
      spec:
        protocol: virtual
        properties:
          - {name: ticks, type: INT, accessMode: ReadOnly}
          - {name: target, type: FLOAT, accessMode: ReadWrite}
          - {name: quiet, type: INT, accessMode: ReadOnly}
      """;
  private static final String DEVICE_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: Device
      metadata: {name: sim-1, namespace: default}
      spec:
        deviceModelRef: {name: sim-model}
        nodeName: edge-1
        protocol: {protocolName: virtual}
        properties:
          - name: ticks
            collectCycle: 100
            reportCycle: 300
            reportToCloud: true
            visitors: {protocolName: virtual, configData: {signal: counter, start: 0, step: 1}}
          - name: target
            collectCycle: 100
            reportCycle: 300
            reportToCloud: true
            visitors: {protocolName: virtual, configData: {signal: constant, value: "21.0"}}
          - name: quiet
            collectCycle: 100
            visitors: {protocolName: virtual, configData: {signal: constant, value: "7"}}
      """;

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi cloud;
  private EdgeRuntime edge;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    cloud = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devicemodels", "application/yaml", MODEL_YAML));
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml", DEVICE_YAML));
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    hub.close();
  }

  @Test
  void readValuesAndStateReachTheCloudAndOnlyPropertiesThatReportToCloud() {
    Poll.until(WAIT, "a counter value reported to the cloud", () -> reported("ticks") != null);
    long first = Long.parseLong(reported("ticks"));
    Poll.until(WAIT, "a later counter value in the cloud", () -> Long.parseLong(reported("ticks")) > first);
    assertEquals("21.0", reported("target"));
    Poll.until(WAIT, "the counter's type in the device's status", () -> "int".equals(statusTwin("ticks")
        .getJsonObject("reported", new JsonObject()).getJsonObject("metadata", new JsonObject()).getString("type")));
    assertNull(reported("quiet"), "reportToCloud is false unless set: " + twins());
    Poll.until(WAIT, "the device online in the cloud", () -> "online".equals(cloudState()));
    assertEquals(1, metric("vertedge_mapper_devices\\{(?=[^}]*health=\"online\")(?=[^}]*protocol=\"virtual\")[^}]*\\}"), "devices gauge");
    assertEquals(0, metric("vertedge_mapper_reads_total\\{[^}]*result=\"error\"[^}]*\\}"), "failed reads");
  }

  @Test
  void aDesiredValueSetInTheCloudIsWrittenAndReadBack() {
    Poll.until(WAIT, "the first report of target", () -> "21.0".equals(reported("target")));
    CloudApi.expect(200, cloud.request("PUT", TWINS + "/target/desired", "application/json", "{\"value\":\"23.5\"}"));
    Poll.until(WAIT, "the written value read back and reported", () -> "23.5".equals(reported("target")));
    Poll.until(WAIT, "the write counted", () -> metric("vertedge_mapper_writes_total\\{[^}]*result=\"ok\"[^}]*\\}") == 1);
  }

  @Test
  void aDesiredValueGoesToTheRunningDeviceAndASpecChangeRestartsIt() {
    Poll.until(WAIT, "the counter past 20", () -> reported("ticks") != null && Long.parseLong(reported("ticks")) >= 20);
    long before = Long.parseLong(reported("ticks"));
    CloudApi.expect(200, cloud.request("PUT", TWINS + "/target/desired", "application/json", "{\"value\":\"23.5\"}"));
    Poll.until(WAIT, "the written value reported", () -> "23.5".equals(reported("target")));
    // a restarted runner would count from 0 again, ten a second
    assertTrue(Long.parseLong(reported("ticks")) >= before, "the counter began again: the desired value restarted the device");

    CloudApi.expect(200, cloud.request("PATCH", DEVICE, "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/properties/0/visitors/configData/start\",\"value\":1000000}]"));
    Poll.until(WAIT, "the counter from its new start", () -> Long.parseLong(reported("ticks")) >= 1_000_000);
  }

  @Test
  void aDeletedDeviceIsNoLongerRead() throws InterruptedException {
    Poll.until(WAIT, "the device run on the edge", () -> metric("vertedge_mapper_devices\\{[^}]*\\}") == 1);
    CloudApi.expect(200, cloud.request("DELETE", DEVICE, null, null));
    Poll.until(WAIT, "the device no longer run", () -> metric("vertedge_mapper_devices\\{[^}]*\\}") == 0);
    double reads = metric("vertedge_mapper_reads_total\\{[^}]*\\}");
    Thread.sleep(1_000); // ten collect cycles of the deleted device
    assertEquals(reads, metric("vertedge_mapper_reads_total\\{[^}]*\\}"), "reads after the device was deleted");
  }

  @Test
  void aDeviceTheDriverRefusesIsNotRunAndTheOthersGoOn() {
    String broken = DEVICE_YAML.replace("name: sim-1", "name: sim-broken").replace("signal: counter", "signal: bogus");
    CloudApi.expect(201, cloud.request("POST", CloudApi.DEVICES + "/devices", "application/yaml", broken));
    Poll.until(WAIT, "sim-broken on the edge", () -> edgeStatus("/api/v1/namespaces/default/devices/sim-broken/twins") == 200);
    Poll.until(WAIT, "sim-1 still reported", () -> reported("ticks") != null);
    long first = Long.parseLong(reported("ticks"));
    Poll.until(WAIT, "sim-1 still read", () -> Long.parseLong(reported("ticks")) > first);
    assertEquals(1, metric("vertedge_mapper_devices\\{[^}]*\\}"), "only sim-1 runs");
  }

  private JsonArray twins() {
    return cloud.getJson(TWINS).getJsonArray("items");
  }

  private JsonObject item(String property) {
    return twins().stream().map(JsonObject.class::cast).filter(item -> property.equals(item.getString("property")))
        .findFirst().orElseThrow(() -> new AssertionError("no twin " + property + " in " + twins()));
  }

  private String reported(String property) {
    JsonObject reported = item(property).getJsonObject("reported");
    return reported == null ? null : reported.getString("value");
  }

  private JsonObject statusTwin(String property) {
    HttpResponse<String> status = cloud.request("GET", CloudApi.DEVICES + "/devicestatuses/sim-1", null, null);
    JsonArray twins = status.statusCode() != 200 ? new JsonArray()
        : new JsonObject(status.body()).getJsonObject("status", new JsonObject()).getJsonArray("twins", new JsonArray());
    return twins.stream().map(JsonObject.class::cast).filter(twin -> property.equals(twin.getString("propertyName")))
        .findFirst().orElse(new JsonObject());
  }

  private String cloudState() {
    HttpResponse<String> status = cloud.request("GET", CloudApi.DEVICES + "/devicestatuses/sim-1", null, null);
    return status.statusCode() != 200 ? null
        : new JsonObject(status.body()).getJsonObject("status", new JsonObject()).getString("state");
  }

  private int edgeStatus(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(edge.apiUrl() + path)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of the edge's samples matching {@code series} (a regex for name and labels). */
  private double metric(String series) {
    try {
      return MetricsText.sum(http.send(HttpRequest.newBuilder(URI.create(edge.apiUrl() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body(), series);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
