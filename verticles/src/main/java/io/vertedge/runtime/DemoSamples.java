package io.vertedge.runtime;

import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The resources of {@code conf/samples}, which the build copies into the jar under
 * {@value #DIR}, created in the demo's cloud: models first, devices placed on the demo's node,
 * and MQTT pushes addressed to the embedded broker's default port ({@value #DEFAULT_BROKER})
 * pointed at the broker the demo's edge really runs. Blocking: call from the main thread.
 */
final class DemoSamples {

  static final String DIR = "/io/vertedge/samples/";
  static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";

  private DemoSamples() { }

  /** Creates every sample absent from the cloud; returns the names of the sample devices. */
  static List<String> apply(String cloudApi, String node, String brokerUrl) throws IOException, InterruptedException {
    List<Resource> resources = new ArrayList<>();
    for (String yaml : texts()) {
      resources.addAll(DeviceDocuments.readYaml(yaml));
    }
    // a device names its model: models go first
    resources.sort(Comparator.comparing(resource -> resource.kind() == ResourceKind.DEVICE));
    HttpClient http = HttpClient.newHttpClient();
    List<String> devices = new ArrayList<>();
    for (Resource resource : resources) {
      JsonObject json = new JsonObject(resource.toJson());
      if (resource.kind() == ResourceKind.DEVICE) {
        place(json, node, brokerUrl);
        devices.add(json.getJsonObject("metadata").getString("name"));
      }
      String namespace = json.getJsonObject("metadata", new JsonObject()).getString("namespace", "default");
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cloudApi
              + "/apis/devices.kubeedge.io/v1beta1/namespaces/" + namespace + "/" + resource.kind().plural()))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.encode())).build(), HttpResponse.BodyHandlers.ofString());
      // 409: made by an earlier run, perhaps changed since: keep it as the user left it
      if (answer.statusCode() != 201 && answer.statusCode() != 409) {
        throw new IOException("cannot create the sample " + resource.kind() + ": " + answer.body());
      }
    }
    return devices;
  }

  private static void place(JsonObject device, String node, String brokerUrl) {
    JsonObject spec = device.getJsonObject("spec");
    spec.put("nodeName", node);
    for (Object property : spec.getJsonArray("properties", new JsonArray())) {
      JsonObject mqtt = property instanceof JsonObject p
          ? p.getJsonObject("pushMethod", new JsonObject()).getJsonObject("mqtt") : null;
      if (mqtt != null && DEFAULT_BROKER.equals(mqtt.getString("address"))) {
        mqtt.put("address", brokerUrl);
      }
    }
  }

  /** The sample files' text, in name order, read from the jar or, in a build, from the classes directory. */
  static List<String> texts() throws IOException {
    URL dir = DemoSamples.class.getResource(DIR);
    if (dir == null) {
      return List.of();
    }
    URI uri;
    try {
      uri = dir.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return read(Path.of(uri));
    }
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
      return read(jar.getPath(DIR));
    } catch (FileSystemAlreadyExistsException e) {
      return read(FileSystems.getFileSystem(uri).getPath(DIR));
    }
  }

  private static List<String> read(Path dir) throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        texts.add(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return texts;
  }
}
