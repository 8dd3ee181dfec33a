package io.vertedge.cloud.devices;

import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.vertedge.cloud.devices.DeviceApiFixture.sample;
import static io.vertedge.cloud.devices.Http.DEVICES;
import static io.vertedge.cloud.devices.Http.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The registry's promises: durable across a restart, versions that never repeat, atomic check-and-set. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeviceRegistryTest {

  @TempDir Path dir;
  private DeviceApiFixture api;

  @BeforeEach
  void start() {
    api = new DeviceApiFixture(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void everythingAcceptedIsThereAfterARestartAsItWas() {
    Http http = api.http;
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    http.postJson(DEVICES, sample("thermometer-device.json"));
    http.patch(DEVICES + "/thermometer-1", "application/merge-patch+json", "{\"spec\":{\"nodeName\":\"edge-2\"}}");
    http.patch(DEVICES + "/thermometer-1/status", "application/merge-patch+json", "{\"status\":{\"state\":\"x\"}}");
    http.delete(DEVICES + "/thermometer-2");
    String devices = http.get(DEVICES).body();
    String models = http.get(MODELS).body();

    api.restart();

    assertEquals(devices, api.http.get(DEVICES).body());
    assertEquals(models, api.http.get(MODELS).body());
    assertEquals(6, api.registry().resourceVersion());
  }

  @Test
  void anAcceptedWatchHearsOfEachWriteBeforeItIsCommittedAfterTheObjectsThatExist() {
    Http http = api.http;
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    DeviceRegistry registry = api.registry();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    registry.watchAccepted(Set.of(ResourceKind.DEVICE, ResourceKind.DEVICE_MODEL), event -> seen.add(
        event.type() + " " + event.object().name() + " " + event.resourceVersion()
            + (registry.resourceVersion() < event.resourceVersion() ? " before its commit" : " committed"))).await();

    http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    http.delete(DEVICES + "/thermometer-1");

    // the controller's publish goes into the log behind the write it heard of: that needs the
    // event while the write is accepted, not yet committed
    assertEquals(List.of(
        "ADDED thermometer-model 1 committed",
        "ADDED thermometer-1 2 before its commit",
        "DELETED thermometer-1 3 before its commit"), seen);
  }

  @Test
  void versionsNeverRepeatAfterARestartEvenWhenTheNewestObjectWasDeleted() {
    Http http = api.http;
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    assertEquals("3", http.delete(DEVICES + "/thermometer-1").json().getJsonObject("metadata")
        .getString("resourceVersion"));

    api.restart();
    Http.Reply again = api.http.postYaml(DEVICES, sample("thermometer-device.yaml"));

    assertEquals(201, again.status(), again.body());
    assertEquals("4", again.json().getJsonObject("metadata").getString("resourceVersion"));
  }

  @Test
  void ofConcurrentReplacesFromOneVersionExactlyOneWins() throws Exception {
    Http http = api.http;
    http.postYaml(MODELS, sample("thermometer-model.yaml"));
    http.postYaml(DEVICES, sample("thermometer-device.yaml"));
    JsonObject device = http.get(DEVICES + "/thermometer-1").json();
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        JsonObject mine = device.copy();
        // never the node it is on (edge-1): a replace that changes nothing is a 200 without a write
        mine.getJsonObject("spec").put("nodeName", "writer-" + i);
        answers.add(CompletableFuture.supplyAsync(() -> http.put(DEVICES + "/thermometer-1", "application/json",
            mine.encode()).status(), pool));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Integer> answer : answers) {
        statuses.add(answer.get(30, TimeUnit.SECONDS));
      }

      assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
      assertEquals(writers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
      JsonObject metadata = http.get(DEVICES + "/thermometer-1").json().getJsonObject("metadata");
      assertEquals(2L, metadata.getLong("generation"));
      assertEquals("3", metadata.getString("resourceVersion"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentCreatesGetDistinctVersionsAndAllLand() throws Exception {
    Http http = api.http;
    int writers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Http.Reply>> answers = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String model = DeviceListTest.model("default").replace("switch-model", "model-" + i);
        answers.add(CompletableFuture.supplyAsync(() -> http.postJson(MODELS, model), pool));
      }
      Set<String> versions = new HashSet<>();
      for (CompletableFuture<Http.Reply> answer : answers) {
        Http.Reply reply = answer.get(30, TimeUnit.SECONDS);
        assertEquals(201, reply.status(), reply.body());
        versions.add(reply.json().getJsonObject("metadata").getString("resourceVersion"));
      }

      assertEquals(writers, versions.size());
      assertEquals(writers, http.get(MODELS).json().getJsonArray("items").size());
      api.restart();
      assertEquals(writers, api.http.get(MODELS).json().getJsonArray("items").size());
    } finally {
      pool.shutdownNow();
    }
  }
}
