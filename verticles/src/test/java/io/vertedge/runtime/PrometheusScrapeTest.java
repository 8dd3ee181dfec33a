package io.vertedge.runtime;

import io.vertedge.testing.FreePorts;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by scripts/test) scrapes a running
 * cloud and edge every second with nothing but a scrape config; its query API then has the
 * links and a device's current temperature from both, as a user's PromQL would read them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PrometheusScrapeTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TEMPERATURE = "vertedge_device_property_value{device=\"thermometer-1\","
      + "property=\"temperature\",unit=\"°C\"}";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private HubFixture hub;
  private EdgeRuntime edge;
  private DeviceApp app;
  private Process prometheus;
  private String prometheusUrl;

  @BeforeEach
  void start() throws IOException {
    assertTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is missing: install Debian's prometheus package "
        + "(scripts/test does)");
    hub = new HubFixture(dir.resolve("hub"));
    edge = hub.startEdge("edge-1");
    app = HubMetricsTest.thermometerOnTheEdge(hub, new CloudApi(hub), edge);
    prometheus = startPrometheus(URI.create(hub.cloud.apiUrl()), URI.create(edge.apiUrl()));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor();
      }
    }
    if (app != null) {
      app.close();
    }
    if (edge != null) {
      edge.stop().await();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void prometheusScrapesTheLinksAndTheCurrentDeviceValueFromCloudAndEdge() {
    Poll.until(WAIT, "Prometheus sees one link on each side", () ->
        Map.of("vertedge-cloud", 1.0, "vertedge-edge", 1.0).equals(byJob("sum by (job) (vertedge_links_connected)")));

    HubMetricsTest.report(app, "22.5");
    Poll.until(WAIT, "Prometheus has the temperature from both", () ->
        Map.of("vertedge-cloud", 22.5, "vertedge-edge", 22.5).equals(byJob(TEMPERATURE)));
    HubMetricsTest.report(app, "23.75");
    Poll.until(WAIT, "and then its new value", () ->
        Map.of("vertedge-cloud", 23.75, "vertedge-edge", 23.75).equals(byJob(TEMPERATURE)));
    Poll.until(WAIT, "and the link messages both sides counted", () -> byJob("sum by (job) (vertedge_link_messages_total)")
        .values().stream().filter(count -> count > 0).count() == 2);
  }

  /** An instant query's result as value by {@code job}; empty while Prometheus has none. */
  private Map<String, Double> byJob(String promQl) {
    Map<String, Double> values = new TreeMap<>();
    JsonObject answer = new JsonObject(get("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)));
    if (!"success".equals(answer.getString("status"))) {
      throw new AssertionError("Prometheus refused " + promQl + ": " + answer);
    }
    for (Object item : answer.getJsonObject("data").getJsonArray("result", new JsonArray())) {
      JsonObject sample = (JsonObject) item;
      values.put(sample.getJsonObject("metric").getString("job"),
          Double.parseDouble(sample.getJsonArray("value").getString(1)));
    }
    return values;
  }

  private Process startPrometheus(URI cloud, URI edgeApi) throws IOException {
    int port = FreePorts.tcp();
    prometheusUrl = "http://127.0.0.1:" + port;
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: vertedge-cloud
            static_configs:
              - targets: ['%s']
          - job_name: vertedge-edge
            static_configs:
              - targets: ['%s']
        """.formatted(cloud.getAuthority(), edgeApi.getAuthority()));
    Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    Poll.until(WAIT, "Prometheus is ready on " + prometheusUrl, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("Prometheus exited with " + process.exitValue() + ": " + log());
      }
      return get("/-/ready") != null;
    });
    return process;
  }

  /** The body of a 200, else null. */
  private String get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
