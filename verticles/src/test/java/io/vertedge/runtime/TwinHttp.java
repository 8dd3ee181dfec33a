package io.vertedge.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cloud's device API and the edge API as an operator's script calls them, for DeviceTwin's tests. */
final class TwinHttp {

  static final String BASE = "/apis/devices.kubeedge.io/v1beta1/namespaces/default";

  private final HubFixture hub;
  private final HttpClient client = HttpClient.newHttpClient();

  TwinHttp(HubFixture hub) {
    this.hub = hub;
  }

  /** The samples' thermometer-model and thermometer-1 (on edge-1, with desired values), created in the cloud. */
  void createThermometer() {
    assertEquals(201, send("POST", BASE + "/devicemodels", "application/yaml", sample("thermometer-model.yaml")).statusCode());
    assertEquals(201, send("POST", BASE + "/devices", "application/yaml", sample("thermometer-device.yaml")).statusCode());
  }

  /** Sets {@code spec.properties[index].desired.value} of thermometer-1 with a JSON patch, as kubectl patch does. */
  void patchDesired(int index, String value) {
    HttpResponse<String> patched = send("PATCH", BASE + "/devices/thermometer-1", "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/spec/properties/" + index + "/desired/value\",\"value\":\"" + value + "\"}]");
    assertEquals(200, patched.statusCode(), patched.body());
  }

  HttpResponse<String> edgeGet(EdgeRuntime edge, String path) {
    return request(HttpRequest.newBuilder(URI.create(edge.apiUrl() + path)).GET());
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.cloud.apiUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return request(request);
  }

  private HttpResponse<String> request(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sample(String name) {
    try (InputStream in = TwinHttp.class.getResourceAsStream("/devices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
