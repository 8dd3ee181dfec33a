package io.vertedge.runtime;

import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.testsupport.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import io.vertedge.runtime.CtlRunner.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vertedge.runtime.CtlRunner.at;
import static io.vertedge.runtime.CtlRunner.run;
import static io.vertedge.runtime.CtlRunner.sample;
import static io.vertedge.runtime.CtlRunner.withStdin;
import static io.vertedge.runtime.CtlRunner.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vertedge ctl} as a user runs it, in-process against a real cloud and a real edge:
 * apply (directory, stdin, again), get in every format, delete, the errors a user meets, and
 * reading the edge while the cloud is stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CtlTest {

  private static final String DEVICES = "/apis/devices.kubeedge.io/v1beta1/namespaces/default/devices";
  private static final String MODELS = "/apis/devices.kubeedge.io/v1beta1/namespaces/default/devicemodels";

  @TempDir Path dir;
  private HubFixture hub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir.resolve("hub"));
  }

  @AfterEach
  void stopCloud() {
    hub.close();
  }

  @Test
  void applyADirectoryAndStdinCreatesThenLeavesUnchangedThenConfigures() throws IOException {
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    // the device's file sorts first: apply still creates the model it needs before it
    Files.writeString(manifests.resolve("a-thermometer-device.yaml"), sample("thermometer-device.yaml"));
    Files.writeString(manifests.resolve("b-thermometer-model.yaml"), sample("thermometer-model.yaml"));
    Files.writeString(manifests.resolve("notes.txt"), "not a manifest");

    Result first = ctl("apply", "-f", manifests.toString());
    assertEquals(0, first.code(), first.err());
    assertEquals(List.of("devicemodel.devices.kubeedge.io/thermometer-model created",
        "device.devices.kubeedge.io/thermometer-1 created"), first.outLines());
    Device stored = (Device) DeviceDocuments.readJson(get(DEVICES + "/thermometer-1").body());
    assertEquals("192.168.1.20", stored.protocolConfigData().get("ip"), "free-form configData kept");

    Result again = ctl("apply", "-f", manifests.toString());
    assertEquals(List.of("devicemodel.devices.kubeedge.io/thermometer-model unchanged",
        "device.devices.kubeedge.io/thermometer-1 unchanged"), again.outLines(), again.err());
    assertEquals(stored.metadata().resourceVersion(),
        DeviceDocuments.readJson(get(DEVICES + "/thermometer-1").body()).metadata().resourceVersion());

    Result lab = ctlWithStdin(sample("lab.yaml"), "apply", "-f", "-");
    assertEquals(0, lab.code(), lab.err());
    assertEquals(List.of("devicemodel.devices.kubeedge.io/switch-model created",
        "device.devices.kubeedge.io/switch-1 created", "device.devices.kubeedge.io/switch-2 created"), lab.outLines());

    String moved = sample("thermometer-device.yaml").replace("room: lab-2", "room: lab-3");
    Result changed = ctlWithStdin(moved + "---\n" + sample("thermometer-model.yaml"), "apply", "-f", "-");
    assertEquals(List.of("devicemodel.devices.kubeedge.io/thermometer-model unchanged",
        "device.devices.kubeedge.io/thermometer-1 configured"), changed.outLines(), changed.err());
    assertEquals("lab-3", DeviceDocuments.readJson(get(DEVICES + "/thermometer-1").body()).metadata().labels()
        .get("room"));
  }

  @Test
  void getPrintsTablesWideYamlAndJsonAndFiltersByLabel() {
    applySamples();

    Result table = ctl("get", "devices");
    assertEquals(0, table.code(), table.err());
    assertEquals(List.of("NAME", "MODEL", "NODE", "AGE"), words(table.outLines().get(0)));
    assertEquals(List.of("switch-1", "switch-model", "edge-1"), words(table.outLines().get(1)).subList(0, 3));
    assertEquals(List.of("thermometer-1", "thermometer-model", "edge-1"), words(table.outLines().get(3)).subList(0, 3));
    assertTrue(words(table.outLines().get(3)).get(3).matches("\\d+s"), table.out());

    Result wide = ctl("get", "devices", "thermometer-1", "-o", "wide");
    assertEquals(List.of("NAME", "MODEL", "NODE", "AGE", "PROTOCOL", "PROPERTIES", "STATE"),
        words(wide.outLines().get(0)));
    List<String> row = words(wide.outLines().get(1));
    assertEquals(List.of("modbus", "5", "online"), row.subList(4, 7), "the sample's five properties and its status");

    Result yaml = ctl("get", "device", "thermometer-1", "-o", "yaml");
    assertEquals(0, yaml.code(), yaml.err());
    Device fromYaml = (Device) DeviceDocuments.readYaml(yaml.out()).get(0);
    assertEquals("21", fromYaml.property("setpoint").orElseThrow().desired().value(), "a string stays a string");
    assertEquals(502L, fromYaml.protocolConfigData().get("port"));

    JsonObject json = new JsonObject(ctl("get", "devices", "-o", "json", "-l", "room=lab-2").out());
    assertEquals("DeviceList", json.getString("kind"));
    assertEquals(1, json.getJsonArray("items").size());
    assertEquals("thermometer-1", json.getJsonArray("items").getJsonObject(0).getJsonObject("metadata")
        .getString("name"));

    Result byNode = ctl("get", "devices", "--field-selector", "spec.nodeName=edge-2");
    assertEquals(2, byNode.outLines().size(), byNode.out());
    assertTrue(byNode.outLines().get(1).startsWith("switch-2 "), byNode.out());

    Result models = ctl("get", "devicemodels", "-A");
    assertEquals(List.of("NAMESPACE", "NAME", "PROTOCOL", "PROPERTIES", "AGE"), words(models.outLines().get(0)));
    assertEquals(List.of("default", "switch-model", "virtual", "1"), words(models.outLines().get(1)).subList(0, 4));
    assertEquals(List.of("default", "thermometer-model", "modbus", "7"), words(models.outLines().get(2)).subList(0, 4));

    Result status = ctlWithStdin(sample("thermometer-status.yaml"), "apply", "-f", "-");
    assertEquals(List.of("devicestatus.devices.kubeedge.io/thermometer-1 created"), status.outLines(), status.err());
    Result statuses = ctl("get", "devicestatuses", "-o", "wide");
    assertEquals(List.of("NAME", "STATE", "LAST-ONLINE", "AGE", "TWINS"), words(statuses.outLines().get(0)));
    assertEquals(List.of("thermometer-1", "online"), words(statuses.outLines().get(1)).subList(0, 2), statuses.out());

    Result none = ctl("get", "devices", "-n", "elsewhere");
    assertEquals(0, none.code());
    assertEquals("No resources found in elsewhere namespace.", none.err().strip());

    Result missing = ctl("get", "devices", "nosuch");
    assertEquals(1, missing.code());
    assertEquals("vertedge: devices.devices.kubeedge.io \"nosuch\" not found", missing.err().strip());
  }

  @Test
  void deleteByNameAndByFileInReverseOrder() throws IOException {
    Path lab = dir.resolve("lab.yaml");
    Files.writeString(lab, sample("lab.yaml"));
    assertEquals(0, ctl("apply", "-f", lab.toString()).code());

    Result one = ctl("delete", "devices", "switch-1");
    assertEquals(0, one.code(), one.err());
    assertEquals(List.of("device.devices.kubeedge.io \"switch-1\" deleted"), one.outLines());
    assertEquals(404, get(DEVICES + "/switch-1").statusCode());

    Result rest = ctl("delete", "-f", lab.toString());
    assertEquals(1, rest.code(), "switch-1 was gone already");
    assertEquals(List.of("device.devices.kubeedge.io \"switch-2\" deleted",
        "devicemodel.devices.kubeedge.io \"switch-model\" deleted"), rest.outLines());
    assertEquals("vertedge: devices.devices.kubeedge.io \"switch-1\" not found", rest.err().strip());
    assertEquals(404, get(MODELS + "/switch-model").statusCode());

    assertEquals(0, ctl("delete", "-f", lab.toString(), "--ignore-not-found").code());
  }

  @Test
  void mistakesAreOneLineWithTheirExitCode() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: devices.kubeedge.io/v1beta1\nkind: DeviceModel\nmetadata:\n  name: m\n"
        + "spec:\n  properties: [a\n");
    Result unreadable = ctl("apply", "-f", bad.toString());
    assertEquals(2, unreadable.code());
    assertEquals(1, unreadable.errLines().size(), unreadable.err());
    assertTrue(unreadable.err().startsWith("vertedge: " + bad + ": invalid YAML at line 7"), unreadable.err());

    String longType = sample("thermometer-model.yaml").replace("type: INT", "type: LONG");
    Result invalid = ctlWithStdin(longType, "apply", "-f", "-");
    assertEquals(1, invalid.code());
    assertEquals(List.of("vertedge: DeviceModel.devices.kubeedge.io \"thermometer-model\" is invalid: "
        + "spec.properties[1].type: Unsupported value: \"LONG\": supported values: \"INT\", \"FLOAT\", \"DOUBLE\", "
        + "\"STRING\", \"BOOLEAN\", \"BYTES\", \"STREAM\""), invalid.errLines());
    assertEquals(404, get(MODELS + "/thermometer-model").statusCode(), "nothing stored");

    Result pods = ctl("get", "pods");
    assertEquals(2, pods.code());
    assertTrue(pods.err().contains("unknown resource type \"pods\""), pods.err());

    assertEquals(2, ctl("get", "devices", "-o", "xml").code());
    assertEquals(2, ctl("apply", "-f", dir.resolve("nothing-here.yaml").toString()).code());
    Result notHttp = at("localhost:8080", "get", "devices");
    assertEquals(2, notHttp.code());
    assertTrue(notHttp.err().contains("--server: \"localhost:8080\" is not an http(s) URL"), notHttp.err());

    Result writeToEdge = run("apply", "-f", bad.toString(), "--edge");
    assertEquals(2, writeToEdge.code());
    assertTrue(writeToEdge.err().startsWith("vertedge: ctl apply: --edge serves reads only"),
        writeToEdge.err());

    Result otherNamespace = ctlWithStdin(sample("thermometer-model.yaml"), "apply", "-f", "-", "-n", "lab");
    assertEquals(2, otherNamespace.code());
    assertEquals("vertedge: <stdin>: the namespace of the object (default) does not match -n lab: drop -n or change "
        + "the file", otherNamespace.err().strip());

    String down = "http://127.0.0.1:" + closedPort();
    Result edgeDown = run("get", "devices", "--edge", down);
    assertEquals(1, edgeDown.code());
    assertEquals(List.of("vertedge: cannot connect to the edge API at " + down + " (connection refused): "
        + "is the edge running? Give its address with --edge URL"), edgeDown.errLines());

    Result unreachable = at(down, "get", "devices");
    assertEquals(1, unreachable.code());
    assertEquals(List.of("vertedge: cannot connect to the cloud API at " + down + " (connection refused): "
        + "is the cloud running? Give its address with --server URL"), unreachable.errLines());
  }

  @Test
  void getDevicesFromTheEdgeWhileTheCloudIsStopped() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    String edgeApi = edge.apiUrl();
    applySamples();
    Poll.until(Duration.ofSeconds(30), "edge-1 holds its two devices and their models",
        () -> at(null, "get", "devices", "--edge", edgeApi).outLines().size() == 3
            && at(null, "get", "devicemodels", "--edge", edgeApi).outLines().size() == 3);
    Result nodes = ctl("get", "nodes");
    assertEquals(List.of("NAME", "CONNECTED", "TRANSPORT", "SINCE", "VERSION"), words(nodes.outLines().get(0)));
    assertEquals(List.of("edge-1", "true"), words(nodes.outLines().get(1)).subList(0, 2));

    String cloudVersion = DeviceDocuments.readJson(get(DEVICES + "/thermometer-1").body()).metadata().resourceVersion();
    hub.cloud.stop().await();
    assertEquals(1, ctl("get", "devices").code(), "the cloud is down");

    Result devices = at(null, "get", "devices", "--edge", edgeApi);
    assertEquals(0, devices.code(), devices.err());
    assertEquals(List.of("switch-1", "switch-model", "edge-1"), words(devices.outLines().get(1)).subList(0, 3));
    assertEquals(List.of("thermometer-1", "thermometer-model", "edge-1"),
        words(devices.outLines().get(2)).subList(0, 3));

    Resource fromEdge = DeviceDocuments.readYaml(at(null, "get", "devices", "thermometer-1", "-o", "yaml",
        "--edge", edgeApi).out()).get(0);
    assertEquals("21", ((Device) fromEdge).property("setpoint").orElseThrow().desired().value());
    assertEquals(cloudVersion, fromEdge.metadata().resourceVersion(), "the edge holds the cloud's newest version");

    JsonObject labelled = new JsonObject(at(null, "get", "devices", "-l", "room=lab-2", "-o", "json",
        "--edge", edgeApi).out());
    assertEquals("DeviceList", labelled.getString("kind"));
    assertFalse(labelled.getJsonObject("metadata").getString("resourceVersion").isEmpty());
    assertEquals(1, labelled.getJsonArray("items").size());

    Result missing = at(null, "get", "devices", "switch-2", "--edge", edgeApi);
    assertEquals(1, missing.code(), "switch-2 belongs to edge-2");
    assertEquals("vertedge: devices.devices.kubeedge.io \"switch-2\" not found", missing.err().strip());

    Result self = at(null, "get", "nodes", "--edge", edgeApi);
    assertEquals(List.of("NAME", "CONNECTED", "TRANSPORT", "CLOUD", "OUTBOX"), words(self.outLines().get(0)));
    assertEquals(List.of("edge-1", "false"), words(self.outLines().get(1)).subList(0, 2));

    HttpResponse<String> write = request("DELETE", edgeApi + DEVICES + "/thermometer-1");
    assertEquals(405, write.statusCode());
    assertEquals("MethodNotAllowed", new JsonObject(write.body()).getString("reason"));
    assertEquals(405, request("POST", edgeApi + MODELS).statusCode());
    assertEquals(404, request("GET", edgeApi + DEVICES.replace("/devices", "/devicestatuses")).statusCode(),
        "the edge holds no DeviceStatus objects");
    JsonObject elsewhere = new JsonObject(request("GET", edgeApi
        + "/apis/devices.kubeedge.io/v1beta1/devices?fieldSelector=spec.nodeName%3Dedge-2").body());
    assertEquals(0, elsewhere.getJsonArray("items").size());
    HttpResponse<String> badSelector = request("GET", edgeApi + DEVICES + "?labelSelector=a%20in%20b");
    assertEquals(400, badSelector.statusCode());
    assertTrue(new JsonObject(badSelector.body()).getString("message").startsWith("unable to parse requirement"),
        badSelector.body());
    assertEquals(400, request("GET", edgeApi + DEVICES + "?watch=true").statusCode());
    edge.stop().await();
  }

  private void applySamples() {
    Result applied = ctlWithStdin(sample("thermometer-model.yaml") + "---\n" + sample("thermometer-device.yaml")
        + "---\n" + sample("lab.yaml"), "apply", "-f", "-");
    assertEquals(0, applied.code(), applied.err());
  }

  /** ctl against the hub's cloud. */
  private Result ctl(String... args) {
    return at(hub.cloud.apiUrl(), args);
  }

  private Result ctlWithStdin(String stdin, String... args) {
    return withStdin(stdin, hub.cloud.apiUrl(), args);
  }

  private HttpResponse<String> get(String path) {
    return request("GET", hub.cloud.apiUrl() + path);
  }

  private HttpResponse<String> request(String method, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
