package io.vertedge.runtime;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cloud API of a {@link HubFixture} as a user's HTTP client sees it, and what edges hold and report. */
final class CloudApi {

  static final String DEVICES = "/apis/devices.kubeedge.io/v1beta1/namespaces/default";
  static final String TWINS = "/api/v1/namespaces/default/devices/thermometer-1/twins";

  private final HubFixture hub;
  private final HttpClient http = HttpClient.newHttpClient();

  CloudApi(HubFixture hub) {
    this.hub = hub;
  }

  /** The thermometer model and device of the samples, the device on {@code spec.nodeName: edge-1}. */
  void createThermometer() {
    expect(201, request("POST", DEVICES + "/devicemodels", "application/yaml", sample("thermometer-model.yaml")));
    expect(201, request("POST", DEVICES + "/devices", "application/yaml", sample("thermometer-device.yaml")));
  }

  JsonObject getJson(String path) {
    return new JsonObject(expect(200, request("GET", path, null, null)).body());
  }

  HttpResponse<String> request(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.cloud.apiUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A GET on the edge's own API. */
  HttpResponse<String> edgeGet(EdgeRuntime edge, String path) {
    return send(HttpRequest.newBuilder(URI.create(edge.apiUrl() + path)).GET());
  }

  /** Sets {@code spec.properties[index].desired.value} of thermometer-1 with a JSON patch, as kubectl patch does. */
  void patchDesired(int index, String value) {
    expect(200, request("PATCH", DEVICES + "/devices/thermometer-1", "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/properties/" + index + "/desired/value\",\"value\":\"" + value + "\"}]"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> setDesired(String property, String body) {
    return request("PUT", TWINS + "/" + property + "/desired", "application/json", body);
  }

  /** The cloud's Prometheus text. */
  String metrics() {
    return expect(200, request("GET", "/metrics", null, null)).body();
  }

  static HttpResponse<String> expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
    }
    return response;
  }

  /** What the edge holds from the cloud, by key. */
  static Map<String, Envelope> state(EdgeRuntime edge) {
    return edge.delivery().cloudState().await().stream()
        .collect(Collectors.toMap(e -> e.getRoute().getResource(), Function.identity()));
  }

  /** A report as the edge's DeviceTwin sends it up (KUBEEDGE-COMPAT 5.3). */
  static Envelope report(String resource, JsonObject content) {
    return Envelope.newBuilder().setChannel(Channel.RESOURCES)
        .setRoute(Route.newBuilder().setSource("twin").setGroup("resource").setOperation("update")
            .setResource(resource))
        .setContent(ByteString.copyFromUtf8(content.encode())).build();
  }

  /** {@code twin/edge_updated} of thermometer-1: temperature's actual value, setpoint's actual and expected. */
  static Envelope twinReport(String temperature, long timestamp) {
    JsonObject twin = new JsonObject()
        .put("temperature", new JsonObject()
            .put("actual", new JsonObject().put("value", temperature)
                .put("metadata", new JsonObject().put("timestamp", timestamp)))
            .put("metadata", new JsonObject().put("type", "float")))
        .put("setpoint", new JsonObject()
            .put("actual", new JsonObject().put("value", "21").put("metadata", new JsonObject().put("timestamp", timestamp)))
            .put("expected", new JsonObject().put("value", "21")
                .put("metadata", new JsonObject().put("timestamp", timestamp - 1000)))
            .put("metadata", new JsonObject().put("type", "int")));
    return report("device/default/thermometer-1/twin/edge_updated",
        new JsonObject().put("event_id", "e-" + timestamp).put("timestamp", timestamp).put("twin", twin));
  }

  /** {@code state/update} of thermometer-1. */
  static Envelope stateReport(String state, String lastOnlineTime) {
    return report("device/default/thermometer-1/state/update", new JsonObject().put("event_id", "s-1")
        .put("timestamp", 1764064800000L).put("device", new JsonObject().put("name", "thermometer-1")
            .put("state", state).put("lastOnlineTime", lastOnlineTime)));
  }

  /** A sample of {@code src/test/resources/devices/}, as written. */
  static String sample(String name) {
    try (InputStream in = CloudApi.class.getResourceAsStream("/devices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
