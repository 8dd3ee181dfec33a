package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The DeviceController end to end: a real cloud and real edges over real links; devices and
 * models created through the REST API reach the node named in {@code spec.nodeName}, follow a
 * move, and leave on delete, and the registry survives a cloud restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceControllerTest {

  private static final String BASE = "/apis/devices.kubeedge.io/v1beta1/namespaces/default";
  private static final String MODEL = "devicemodel/default/thermometer-model";
  private static final String DEVICE = "device/default/thermometer-1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private HubFixture hub;
  private CloudApi api;

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
    api = new CloudApi(hub);
  }

  @AfterEach
  void stopCloud() {
    hub.close();
  }

  @Test
  void devicesReachTheirNodeFollowAMoveAndLeaveOnDelete() {
    EdgeRuntime edge1 = hub.startEdge("edge-1");
    EdgeRuntime edge2 = hub.startEdge("edge-2");

    assertEquals(201, send("POST", BASE + "/devicemodels", "application/yaml", CloudApi.sample("thermometer-model.yaml")));
    assertEquals(201, send("POST", BASE + "/devices", "application/yaml", CloudApi.sample("thermometer-device.yaml")));
    Poll.until(WAIT, "edge-1 holds the device and its model", () -> holds(edge1).equals(Set.of(MODEL, DEVICE)));
    JsonObject device = new JsonObject(CloudApi.state(edge1).get(DEVICE).getContent().toStringUtf8());
    assertEquals("edge-1", device.getJsonObject("spec").getString("nodeName"));
    assertFalse(device.getJsonObject("metadata").containsKey("resourceVersion"), "versions stay in the cloud");
    assertFalse(device.containsKey("status") && device.getJsonObject("status").containsKey("twins"),
        "the reported status is the edge's own");

    assertEquals(200, send("PATCH", BASE + "/devices/thermometer-1", "application/merge-patch+json",
        "{\"spec\":{\"nodeName\":\"edge-2\"}}"));
    Poll.until(WAIT, "the device and its model moved to edge-2",
        () -> holds(edge1).isEmpty() && holds(edge2).equals(Set.of(MODEL, DEVICE)));

    assertEquals(200, send("DELETE", BASE + "/devices/thermometer-1", null, null));
    Poll.until(WAIT, "edge-2 holds nothing", () -> holds(edge2).isEmpty());
    edge1.stop().await();
    edge2.stop().await();
  }

  @Test
  void aDeviceMovedToANodeThatJoinsLaterReachesItWhenItLinks() {
    EdgeRuntime edge1 = hub.startEdge("edge-1");
    assertEquals(201, send("POST", BASE + "/devicemodels", "application/yaml", CloudApi.sample("thermometer-model.yaml")));
    assertEquals(201, send("POST", BASE + "/devices", "application/yaml", CloudApi.sample("thermometer-device.yaml")));
    Poll.until(WAIT, "edge-1 holds the device and its model", () -> holds(edge1).equals(Set.of(MODEL, DEVICE)));

    assertEquals(200, send("PATCH", BASE + "/devices/thermometer-1", "application/merge-patch+json",
        "{\"spec\":{\"nodeName\":\"edge-2\"}}"));
    Poll.until(WAIT, "edge-1 gave it up", () -> holds(edge1).isEmpty());
    EdgeRuntime edge2 = hub.startEdge("edge-2");
    Poll.until(WAIT, "edge-2, joined after the move, holds the device and its model",
        () -> holds(edge2).equals(Set.of(MODEL, DEVICE)));
    edge1.stop().await();
    edge2.stop().await();
  }

  @Test
  void aModelChangeReachesItsNodesAndAReportedStatusSendsNothing() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    send("POST", BASE + "/devicemodels", "application/yaml", CloudApi.sample("thermometer-model.yaml"));
    send("POST", BASE + "/devices", "application/yaml", CloudApi.sample("thermometer-device.yaml"));
    Poll.until(WAIT, "edge-1 holds the device and its model", () -> holds(edge).equals(Set.of(MODEL, DEVICE)));
    String sentDevice = CloudApi.state(edge).get(DEVICE).getResourceVersion();

    send("PATCH", BASE + "/devices/thermometer-1/status", "application/merge-patch+json",
        "{\"status\":{\"state\":\"offline\"}}");
    send("PATCH", BASE + "/devicemodels/thermometer-model", "application/merge-patch+json",
        "{\"spec\":{\"protocol\":\"modbus-rtu\"}}");

    Poll.until(WAIT, "the changed model reached edge-1", () -> CloudApi.state(edge).get(MODEL).getContent().toStringUtf8()
        .contains("\"protocol\":\"modbus-rtu\""));
    assertEquals(sentDevice, CloudApi.state(edge).get(DEVICE).getResourceVersion(), "the status change sent nothing");
    edge.stop().await();
  }

  @Test
  void aDeletedModelIsWithdrawnAndItsDevicesStay() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    send("POST", BASE + "/devicemodels", "application/yaml", CloudApi.sample("thermometer-model.yaml"));
    send("POST", BASE + "/devices", "application/yaml", CloudApi.sample("thermometer-device.yaml"));
    Poll.until(WAIT, "edge-1 holds the device and its model", () -> holds(edge).equals(Set.of(MODEL, DEVICE)));

    assertEquals(200, send("DELETE", BASE + "/devicemodels/thermometer-model", null, null));

    Poll.until(WAIT, "edge-1 holds the device alone", () -> holds(edge).equals(Set.of(DEVICE)));
    edge.stop().await();
  }

  @Test
  void theRegistrySurvivesACloudRestartAndANodeThatComesLaterGetsItsDevices() {
    send("POST", BASE + "/devicemodels", "application/yaml", CloudApi.sample("thermometer-model.yaml"));
    send("POST", BASE + "/devices", "application/yaml", CloudApi.sample("thermometer-device.yaml"));
    String before = get(BASE + "/devices/thermometer-1");
    // a key the controller would have withdrawn, had the cloud not stopped first
    hub.cloud.delivery().publish("edge-1", Envelope.newBuilder().setChannel(Channel.RESOURCES)
        .setRoute(Route.newBuilder().setOperation("update").setResource("device/default/gone"))
        .setContent(ByteString.copyFromUtf8("{}")).build()).await();

    hub.restartCloud();

    assertEquals(before, get(BASE + "/devices/thermometer-1"));
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(WAIT, "edge-1 holds what the registry gives it, and no more",
        () -> holds(edge).equals(Set.of(MODEL, DEVICE)));
    edge.stop().await();
  }

  private static Set<String> holds(EdgeRuntime edge) {
    return CloudApi.state(edge).keySet();
  }

  private String get(String path) {
    return api.request("GET", path, null, null).body();
  }

  private int send(String method, String path, String contentType, String body) {
    return api.request(method, path, contentType, body).statusCode();
  }
}
