package io.vertedge.cloud.devices;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vertedge.cloud.devices.DeviceApiFixture.sample;
import static io.vertedge.cloud.devices.Http.BASE;
import static io.vertedge.cloud.devices.Http.DEVICES;
import static io.vertedge.cloud.devices.Http.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Watches: events in order, resuming from a version, 410 past the history, selections, bookmarks, restarts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceWatchTest {

  @TempDir Path dir;
  private DeviceApiFixture api;
  private Http http;

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aWatchFromTheListVersionGetsEveryLaterChangeInOrder() {
    start(DeviceRegistry.DEFAULT_HISTORY);
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    String listed = http.get(DEVICES).json().getJsonObject("metadata").getString("resourceVersion");

    try (Http.Watch watch = http.watch(DEVICES + "?watch=true&resourceVersion=" + listed)) {
      assertEquals(200, watch.status);
      http.postYaml(DEVICES, sample("thermometer-device.yaml"));
      http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json", "{\"spec\":{\"nodeName\":\"edge-2\"}}");
      http.delete(DEVICES + "/thermometer-1");

      assertEvent(watch.next(), "ADDED", "thermometer-1", "2");
      assertEvent(watch.next(), "MODIFIED", "thermometer-1", "3");
      assertEvent(watch.next(), "DELETED", "thermometer-1", "4");
    }
  }

  @Test
  void aWatchWithoutVersionStartsWithWhatExists() {
    start(DeviceRegistry.DEFAULT_HISTORY);
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    http.postYaml(DEVICES, sample("thermometer-device.yaml"));

    try (Http.Watch watch = http.watch(BASE + "/devicemodels?watch=1")) {
      assertEvent(watch.next(), "ADDED", "thermometer-model", "1");
      http.delete(MODELS + "/thermometer-model");
      assertEvent(watch.next(), "DELETED", "thermometer-model", "3");
    }
  }

  @Test
  void aWatchResumesAfterTheVersionItGives() {
    start(DeviceRegistry.DEFAULT_HISTORY);
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    for (String node : List.of("edge-2", "edge-3", "edge-4")) {
      http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json", "{\"spec\":{\"nodeName\":\"" + node
          + "\"}}");
    }

    try (Http.Watch watch = http.watch(DEVICES + "?watch=true&resourceVersion=3")) {
      assertEvent(watch.next(), "MODIFIED", "thermometer-1", "4");
      JsonObject last = watch.next();
      assertEvent(last, "MODIFIED", "thermometer-1", "5");
      assertEquals("edge-4", last.getJsonObject("object").getJsonObject("spec").getString("nodeName"));
      assertNull(watch.poll(200), "nothing older, nothing twice");
    }
  }

  @Test
  void aVersionOlderThanTheHistoryIs410Gone() {
    start(4);
    http.postJson(MODELS, DeviceListTest.model("default"));
    for (int i = 0; i < 6; i++) {
      http.patch(MODELS + "/switch-model", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"n\":\"" + i + "\"}}}");
    }

    try (Http.Watch gone = http.watch(MODELS + "?watch=true&resourceVersion=2")) {
      assertEquals(410, gone.status);
      JsonObject status = gone.next();
      assertEquals("Gone", status.getString("reason"));
      assertEquals("too old resource version: 2 (3)", status.getString("message"));
    }
    try (Http.Watch kept = http.watch(MODELS + "?watch=true&resourceVersion=3")) {
      assertEvent(kept.next(), "MODIFIED", "switch-model", "4");
    }
  }

  @Test
  void afterARestartTheHistoryStartsAtTheStoredVersion() {
    start(DeviceRegistry.DEFAULT_HISTORY);
    http.postJson(MODELS, DeviceListTest.model("default"));
    http.patch(MODELS + "/switch-model", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"n\":\"1\"}}}");

    api.restart();
    http = api.http;

    try (Http.Watch gone = http.watch(MODELS + "?watch=true&resourceVersion=1")) {
      assertEquals(410, gone.status);
      assertEquals("too old resource version: 1 (2)", gone.next().getString("message"));
    }
    try (Http.Watch resumed = http.watch(MODELS + "?watch=true&resourceVersion=2")) {
      http.delete(MODELS + "/switch-model");
      assertEvent(resumed.next(), "DELETED", "switch-model", "3");
    }
  }

  @Test
  void objectsEnteringAndLeavingASelectionAreAddedAndDeleted() {
    start(DeviceRegistry.DEFAULT_HISTORY);
    http.postJson(MODELS, DeviceListTest.model("default"));

    try (Http.Watch watch = http.watch(MODELS + "?watch=true&resourceVersion=1&labelSelector=tier%3Dgold")) {
      http.patch(MODELS + "/switch-model", "application/merge-patch+json", labels("{\"tier\":\"gold\"}"));
      http.patch(MODELS + "/switch-model", "application/merge-patch+json", labels("{\"tier\":\"gold\",\"x\":\"1\"}"));
      http.patch(MODELS + "/switch-model", "application/merge-patch+json", labels("{\"tier\":\"silver\"}"));
      http.patch(MODELS + "/switch-model", "application/merge-patch+json", labels("{\"x\":\"2\"}"));
      http.patch(MODELS + "/switch-model", "application/merge-patch+json", labels("{\"tier\":\"gold\"}"));

      assertEvent(watch.next(), "ADDED", "switch-model", "2");
      assertEvent(watch.next(), "MODIFIED", "switch-model", "3");
      assertEvent(watch.next(), "DELETED", "switch-model", "4");
      assertEvent(watch.next(), "ADDED", "switch-model", "6");
    }
  }

  @Test
  void aNamespaceWatchSeesOnlyItsNamespace() {
    start(DeviceRegistry.DEFAULT_HISTORY);

    try (Http.Watch watch = http.watch(BASE + "/namespaces/lab/devicemodels?watch=true&resourceVersion=0")) {
      http.postJson(MODELS, DeviceListTest.model("default"));
      http.postJson(BASE + "/namespaces/lab/devicemodels", DeviceListTest.model("lab"));

      JsonObject event = watch.next();
      assertEvent(event, "ADDED", "switch-model", "2");
      assertEquals("lab", event.getJsonObject("object").getJsonObject("metadata").getString("namespace"));
    }
  }

  @Test
  void bookmarksCarryTheNewestVersionAndTimeoutsEndTheStream() {
    api = new DeviceApiFixture(dir, DeviceRegistry.DEFAULT_HISTORY, Duration.ofMillis(200));
    http = api.http;
    http.postJson(MODELS, DeviceListTest.model("default"));
    http.postJson(BASE + "/namespaces/lab/devicemodels", DeviceListTest.model("lab"));

    try (Http.Watch watch = http.watch(BASE + "/namespaces/lab/devices?watch=true&resourceVersion=2"
        + "&allowWatchBookmarks=true&timeoutSeconds=2")) {
      JsonObject bookmark = watch.next();
      assertEquals("BOOKMARK", bookmark.getString("type"));
      assertEquals(new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
          .put("metadata", new JsonObject().put("resourceVersion", "2")), bookmark.getJsonObject("object"));
      JsonObject line;
      do {
        line = watch.next();
      } while (line.getString("type").equals("BOOKMARK"));
      assertEquals(Http.Watch.END, line, "the stream ends after timeoutSeconds");
    }
  }

  private void start(int history) {
    api = new DeviceApiFixture(dir, history, DeviceRoutes.DEFAULT_BOOKMARK_INTERVAL);
    http = api.http;
  }

  private static String labels(String labels) {
    return "{\"metadata\":{\"labels\":" + labels + "}}";
  }

  private static void assertEvent(JsonObject event, String type, String name, String version) {
    assertEquals(type, event.getString("type"), event.encode());
    JsonObject metadata = event.getJsonObject("object").getJsonObject("metadata");
    assertEquals(name, metadata.getString("name"), event.encode());
    assertEquals(version, metadata.getString("resourceVersion"), event.encode());
  }
}
