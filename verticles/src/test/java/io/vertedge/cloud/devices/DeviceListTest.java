package io.vertedge.cloud.devices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vertedge.cloud.devices.DeviceApiCrudTest.names;
import static io.vertedge.cloud.devices.Http.BASE;
import static io.vertedge.cloud.devices.Http.DEVICES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lists: label and field selectors, every namespace, pages with continue tokens. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceListTest {

  @TempDir Path dir;
  private DeviceApiFixture api;
  private Http http;

  @BeforeEach
  void start() {
    api = new DeviceApiFixture(dir);
    http = api.http;
    for (String namespace : List.of("default", "lab")) {
      assertEquals(201, http.postJson(BASE + "/namespaces/" + namespace + "/devicemodels", model(namespace)).status());
    }
    create("default", "a", "edge-1", Map.of("room", "lab-2", "tier", "gold"));
    create("default", "b", "edge-2", Map.of("room", "lab-3"));
    create("default", "c", "edge-1", Map.of());
    create("lab", "a", "edge-2", Map.of("room", "lab-2"));
    create("lab", "d", "edge-1", Map.of("tier", "5"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void labelSelectorsSelectAsKubernetes() {
    assertEquals(List.of("a"), select("room=lab-2"));
    assertEquals(List.of("a"), select("room==lab-2"));
    assertEquals(List.of("b", "c"), select("room!=lab-2"));
    assertEquals(List.of("a", "b"), select("room in (lab-2, lab-3)"));
    assertEquals(List.of("b", "c"), select("room notin (lab-2)"));
    assertEquals(List.of("a", "b"), select("room"));
    assertEquals(List.of("c"), select("!room"));
    assertEquals(List.of("a"), select("room,tier=gold"));
    assertEquals(List.of(), select("room=lab-9"));
    assertEquals(List.of("d"), names(http.get(BASE + "/devices?labelSelector=" + encode("tier>3")).json()));
  }

  @Test
  void fieldSelectorsSelectNameNamespaceAndNode() {
    assertEquals(List.of("a", "c"), names(http.get(DEVICES + "?fieldSelector=spec.nodeName%3Dedge-1").json()));
    assertEquals(List.of("b"), names(http.get(DEVICES + "?fieldSelector=metadata.name%3Db").json()));
    assertEquals(List.of("a", "c", "d"), names(http.get(BASE + "/devices?fieldSelector="
        + encode("spec.nodeName=edge-1")).json()));
    assertEquals(List.of("a", "d"), names(http.get(BASE + "/devices?fieldSelector="
        + encode("metadata.namespace=lab")).json()));
    assertEquals(List.of("c", "d"), names(http.get(BASE + "/devices?fieldSelector="
        + encode("spec.nodeName=edge-1,metadata.name!=a")).json()));
  }

  @Test
  void allNamespacesListInNamespaceAndNameOrderWithTheRegistryVersion() {
    JsonObject list = http.get(BASE + "/devices").json();

    assertEquals("DeviceList", list.getString("kind"));
    assertEquals("devices.kubeedge.io/v1beta1", list.getString("apiVersion"));
    assertEquals(List.of("default/a", "default/b", "default/c", "lab/a", "lab/d"), keys(list.getJsonArray("items")));
    assertEquals("7", list.getJsonObject("metadata").getString("resourceVersion"));
    assertEquals(2, http.get(BASE + "/devicemodels").json().getJsonArray("items").size());
  }

  @Test
  void pagesFollowContinueTokensToTheEnd() {
    List<String> seen = new ArrayList<>();
    List<Long> remaining = new ArrayList<>();
    String next = "";
    do {
      JsonObject page = http.get(BASE + "/devices?limit=2" + (next.isEmpty() ? "" : "&continue=" + next)).json();
      seen.addAll(keys(page.getJsonArray("items")));
      JsonObject metadata = page.getJsonObject("metadata");
      next = metadata.getString("continue", "");
      remaining.add(metadata.getLong("remainingItemCount"));
    } while (!next.isEmpty());

    assertEquals(List.of("default/a", "default/b", "default/c", "lab/a", "lab/d"), seen);
    assertEquals(java.util.Arrays.asList(3L, 1L, null), remaining);
  }

  @Test
  void pagesOfASelectionCountOnlyWhatMatches() {
    JsonObject first = http.get(BASE + "/devices?limit=1&fieldSelector=" + encode("spec.nodeName=edge-2")).json();
    String token = first.getJsonObject("metadata").getString("continue");
    JsonObject second = http.get(BASE + "/devices?limit=1&fieldSelector=" + encode("spec.nodeName=edge-2")
        + "&continue=" + token).json();

    assertEquals(List.of("default/b"), keys(first.getJsonArray("items")));
    assertEquals(1L, first.getJsonObject("metadata").getLong("remainingItemCount"));
    assertEquals(List.of("lab/a"), keys(second.getJsonArray("items")));
    assertNull(second.getJsonObject("metadata").getString("continue"));
    assertFalse(second.getJsonObject("metadata").containsKey("remainingItemCount"));
  }

  private List<String> select(String selector) {
    return names(http.get(DEVICES + "?labelSelector=" + encode(selector)).json());
  }

  private void create(String namespace, String name, String node, Map<String, String> labels) {
    JsonObject metadata = new JsonObject().put("name", name);
    if (!labels.isEmpty()) {
      metadata.put("labels", new JsonObject(new java.util.LinkedHashMap<>(labels)));
    }
    JsonObject device = new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "Device")
        .put("metadata", metadata)
        .put("spec", new JsonObject().put("deviceModelRef", new JsonObject().put("name", "switch-model"))
            .put("nodeName", node).put("protocol", new JsonObject().put("protocolName", "virtual")));
    Http.Reply created = http.postJson(BASE + "/namespaces/" + namespace + "/devices", device.encode());
    assertEquals(201, created.status(), created.body());
  }

  static String model(String namespace) {
    return new JsonObject().put("apiVersion", "devices.kubeedge.io/v1beta1").put("kind", "DeviceModel")
        .put("metadata", new JsonObject().put("name", "switch-model").put("namespace", namespace))
        .put("spec", new JsonObject().put("protocol", "virtual").put("properties", new JsonArray()
            .add(new JsonObject().put("name", "power").put("type", "BOOLEAN").put("accessMode", "ReadWrite"))))
        .encode();
  }

  private static List<String> keys(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getJsonObject("metadata"))
        .map(m -> m.getString("namespace") + "/" + m.getString("name")).toList();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
