package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code conf/samples}: every file applies through the cloud API as it is shipped, strictly
 * validated and without warnings, and the demo's way of applying them (from the classpath, as
 * from the jar) gets the sample device run on the edge, its values into the cloud.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoSamplesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  // surefire runs in the module directory; conf/ sits at the repository root
  private static final Path SAMPLES = Path.of("..", "conf", "samples").toAbsolutePath().normalize();
  private static final String TWINS = "/api/v1/namespaces/default/devices/sample-thermometer/twins";

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi cloud;
  private EdgeRuntime edge;

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    cloud = new CloudApi(hub);
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.stop().await();
    }
    hub.close();
  }

  @Test
  void everySampleAppliesUnchangedStrictlyAndWithoutWarnings() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(SAMPLES)) {
      // models first: a device names its model
      files = listed.sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().contains("model"))
          .thenComparing(Path::toString)).toList();
    }
    assertFalse(files.isEmpty(), "no samples in " + SAMPLES);
    for (Path file : files) {
      String yaml = Files.readString(file);
      String kind = yaml.contains("\nkind: DeviceModel") ? "devicemodels" : "devices";
      HttpResponse<String> created = CloudApi.expect(201, cloud.request("POST",
          CloudApi.DEVICES + "/" + kind + "?fieldValidation=Strict", "application/yaml", yaml));
      assertEquals(List.of(), created.headers().allValues("Warning"), file + " draws warnings");
    }
    assertEquals(List.of(), DemoSamples.texts().stream().filter(text -> !files.stream().map(DemoSamplesTest::read)
        .toList().contains(text)).toList(), "the classpath copy (what the jar holds) is conf/samples");
  }

  @Test
  void theDemosSampleDeviceIsRunOnItsEdgeAndItsValuesReachTheCloud() throws Exception {
    edge = hub.startEdge("edge-1");
    String mqtt = edge.endpoints().getString("mqtt");
    assertEquals(List.of("sample-thermometer"), DemoSamples.apply(hub.cloud.apiUrl(), "edge-1", mqtt));

    JsonObject device = cloud.getJson(CloudApi.DEVICES + "/devices/sample-thermometer");
    assertEquals("edge-1", device.getJsonObject("spec").getString("nodeName"), "placed on the demo's node");
    assertEquals(mqtt, device.getJsonObject("spec").getJsonArray("properties").getJsonObject(0)
        .getJsonObject("pushMethod").getJsonObject("mqtt").getString("address"), "pushed to the demo's broker");
    for (String property : List.of("temperature", "humidity", "setpoint")) {
      Poll.until(WAIT, property + " reported to the cloud", () -> reported(property) != null);
    }
    double temperature = Double.parseDouble(reported("temperature"));
    assertTrue(temperature >= 18 && temperature <= 24, "the sine's range: " + temperature);
    assertEquals("21", reported("setpoint"));

    // the sample's method writes the device, and the reads that follow return what was written
    HttpResponse<String> called = cloud.request("POST", "/api/v1/namespaces/default/devices/sample-thermometer/methods/"
        + "set-setpoint", "application/json", "{\"setpoint\":\"25\"}");
    assertEquals(200, called.statusCode(), called.body());
    Poll.until(WAIT, "the written setpoint reported", () -> "25".equals(reported("setpoint")));
    // run again (a restarted demo): what exists is kept
    assertEquals(List.of("sample-thermometer"), DemoSamples.apply(hub.cloud.apiUrl(), "edge-1", mqtt));
  }

  private String reported(String property) {
    HttpResponse<String> twins = cloud.request("GET", TWINS, null, null);
    if (twins.statusCode() != 200) {
      return null;
    }
    return new JsonObject(twins.body()).getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(item -> property.equals(item.getString("property")))
        .findFirst().map(item -> item.getJsonObject("reported", new JsonObject()).getString("value"))
        .orElse(null);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
