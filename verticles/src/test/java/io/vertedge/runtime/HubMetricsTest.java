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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vertedge.runtime.CloudApi.DEVICES;
import static io.vertedge.runtime.CloudApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user scraping {@code /metrics} of a running cloud and edge finds (issue 14, "The hub's
 * own telemetry"): links, messages, acks, stores, queues, MQTT, twin latency, JVM, and the
 * latest value of each numeric device property on both sides, gone with its device; and every
 * metric the Grafana dashboard ({@code otel/grafana/vertedge.json}) queries.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HubMetricsTest {

  static final String TWIN = "$hw/events/device/default/thermometer-1/twin/";
  static final Path DASHBOARD = Path.of("..", "otel", "grafana", "vertedge.json");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String VALUE = "vertedge_device_property_value";

  /** Served on both sides once a device has reported and a desired value was set. */
  private static final List<String> BOTH = List.of("vertedge_links_connected", "vertedge_link_messages_total",
      "vertedge_link_bytes_total", "vertedge_link_acks_total", "vertedge_link_in_flight",
      "vertedge_store_log_records_total", "vertedge_store_log_size_bytes", "vertedge_store_state_keys",
      "vertedge_store_state_commit_duration_seconds_count", "vertedge_sync_state_dirty_keys",
      "vertedge_twin_update_duration_seconds_bucket", VALUE, "jvm_memory_used_bytes", "jvm_gc_collections_total",
      "jvm_gc_duration_seconds_total", "process_cpu_time_seconds_total");
  private static final List<String> CLOUD_ONLY = List.of("vertedge_downstream_dirty_keys");
  private static final List<String> EDGE_ONLY = List.of("vertedge_outbox_pending", "vertedge_mqtt_clients_connected",
      "vertedge_mqtt_messages_total", "vertedge_twin_updates_total", "vertedge_twin_deltas_total");
  /**
   * Queried by the dashboard but only served once their event happened, which this test does
   * not cause: a link lost before an ack (resends, duplicates), a DMI mapper calling, a push
   * method configured (pushes). docs/metrics.md lists them.
   */
  static final Set<String> NOT_EXERCISED = Set.of("vertedge_link_resends_total", "vertedge_link_duplicates_total",
      "vertedge_dmi_calls_total", "vertedge_mapper_pushes_total", "vertedge_mapper_push_duration_seconds_bucket");

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi api;
  private EdgeRuntime edge;
  private DeviceApp app;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    api = new CloudApi(hub);
    edge = hub.startEdge("edge-1");
    app = thermometerOnTheEdge(hub, api, edge);
  }

  /** The sample thermometer created in the cloud and on the edge, with a device app connected to it. */
  static DeviceApp thermometerOnTheEdge(HubFixture hub, CloudApi api, EdgeRuntime edge) {
    DeviceApp app = DeviceApp.connect(hub.vertx, mqttPort(edge), "thermo-app");
    api.createThermometer();
    app.await(TWIN + "update/delta", "the device is on the edge", json -> true);
    return app;
  }

  @AfterEach
  void stop() {
    app.close();
    edge.stop().await();
    hub.close();
  }

  @Test
  void bothSidesServeTheHubMetricsAndTheDevicesNumericValuesUntilTheDeviceIsDeleted() {
    report(app, "22.5");
    Map<String, String> temperature = Map.of("namespace", "default", "device", "thermometer-1",
        "property", "temperature", "node", "edge-1", "unit", "°C");
    Poll.until(WAIT, "the edge serves the temperature", () -> List.of(22.5).equals(
        MetricsText.values(edgeMetrics(), VALUE, temperature)));
    Poll.until(WAIT, "the cloud serves the temperature it stored", () -> List.of(22.5).equals(
        MetricsText.values(api.metrics(), VALUE, temperature)));
    for (String side : List.of(edgeMetrics(), api.metrics())) {
      assertEquals(List.of(1.0), MetricsText.values(side, VALUE, Map.of("property", "power", "unit", "")), "a boolean is 0/1");
      assertEquals(List.of(), MetricsText.values(side, VALUE, Map.of("property", "label")), "a string has no series");
    }
    expect(200, api.setDesired("setpoint", "{\"value\":\"25\"}"));
    Poll.until(WAIT, "the edge announced the desired value", () -> !app.on(TWIN + "update/delta").isEmpty());

    assertServes("cloud", api.metrics(), BOTH, CLOUD_ONLY, Map.of("source", "api"));
    assertServes("edge", edgeMetrics(), BOTH, EDGE_ONLY, Map.of("source", "device"));
    assertEquals(List.of(1.0), MetricsText.values(api.metrics(), "vertedge_links_connected", Map.of()));
    assertEquals(1, MetricsText.values(api.metrics(), "vertedge_downstream_dirty_keys", Map.of("node", "edge-1")).size());

    expect(200, api.request("DELETE", DEVICES + "/devices/thermometer-1", null, null));
    Poll.until(WAIT, "the device's series left the edge", () -> MetricsText.values(edgeMetrics(), VALUE,
        Map.of("device", "thermometer-1")).isEmpty());
    Poll.until(WAIT, "and the cloud", () -> MetricsText.values(api.metrics(), VALUE,
        Map.of("device", "thermometer-1")).isEmpty());
  }

  @Test
  void everyMetricTheDashboardQueriesIsServed() throws Exception {
    report(app, "22.5");
    expect(200, api.setDesired("setpoint", "{\"value\":\"25\"}"));
    Poll.until(WAIT, "the value reached the cloud", () -> !MetricsText.values(api.metrics(), VALUE,
        Map.of("property", "temperature")).isEmpty());
    Set<String> served = new TreeSet<>(MetricsText.sampleNames(api.metrics()));
    served.addAll(MetricsText.sampleNames(edgeMetrics()));

    Set<String> queried = dashboardMetrics(new JsonObject(Files.readString(DASHBOARD)));
    assertTrue(queried.size() > 20, "the dashboard queries the hub metrics: " + queried);
    List<String> missing = new ArrayList<>();
    for (String name : queried) {
      if (!served.contains(name) && !NOT_EXERCISED.contains(name)) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "queried by the dashboard, not served by a running hub");
    String docs = Files.readString(Path.of("..", "docs", "metrics.md"));
    for (String name : NOT_EXERCISED) {
      assertTrue(docs.contains(name.replaceFirst("_bucket$", "")), name + " is documented in docs/metrics.md");
    }
  }

  private void assertServes(String side, String text, List<String> both, List<String> own, Map<String, String> latency) {
    Set<String> names = MetricsText.sampleNames(text);
    List<String> missing = new ArrayList<>();
    for (String name : both) {
      if (!names.contains(name)) {
        missing.add(name);
      }
    }
    own.stream().filter(name -> !names.contains(name)).forEach(missing::add);
    assertEquals(List.of(), missing, side + " /metrics lacks these; it serves " + names);
    assertFalse(MetricsText.values(text, "vertedge_twin_update_duration_seconds_count", latency).isEmpty(),
        side + " times twin updates with " + latency);
  }

  /** The metric names in the dashboard's queries (its panels' targets and its variables). */
  static Set<String> dashboardMetrics(JsonObject dashboard) {
    Set<String> names = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:vertedge|jvm|process)_[a-z0-9_]+)\\b");
    List<String> queries = new ArrayList<>();
    for (Object panel : dashboard.getJsonArray("panels", new JsonArray())) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        queries.add(((JsonObject) target).getString("expr", ""));
      }
    }
    for (Object variable : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
      Object query = ((JsonObject) variable).getValue("query");
      queries.add(query instanceof JsonObject q ? q.getString("query", "") : String.valueOf(query));
    }
    for (String query : queries) {
      // label names: in by (...) and without (...), and before a matcher's = != =~ !~
      String stripped = query.replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
      Matcher matcher = metric.matcher(stripped);
      while (matcher.find()) {
        if (!stripped.substring(matcher.end()).matches("(?s)\\s*[=!].*")) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }

  /** A device app's {@code twin/update}: temperature, power and a label. */
  static void report(DeviceApp app, String temperature) {
    app.publish(TWIN + "update", new JsonObject().put("event_id", "t-" + temperature).put("twin", new JsonObject()
        .put("temperature", actual(temperature)).put("power", actual("true")).put("label", actual("hall")))
        .encode());
  }

  private static JsonObject actual(String value) {
    return new JsonObject().put("actual", new JsonObject().put("value", value));
  }

  private String edgeMetrics() {
    return expect(200, api.edgeGet(edge, "/metrics")).body();
  }

  static int mqttPort(EdgeRuntime edge) {
    return URI.create(edge.endpoints().getString("mqtt")).getPort();
  }
}
