package io.vertedge.runtime;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.link.proto.Envelope;
import io.vertedge.testsupport.Poll;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a device app sees of the edge's MQTT, the same in both {@code mqtt.mode}s: a real cloud
 * and edge, device apps as real MQTT clients (Vert.x MqttClient, mosquitto_sub) of the broker
 * named in the edge's endpoints.json.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class MqttModeBehaviourTest {

  static final String USER = "hub-user";
  static final String PASSWORD = "s3cret-pw";

  @TempDir Path dir;
  HubFixture hub;
  EdgeRuntime edge;
  final Map<String, Envelope> atCloud = new ConcurrentHashMap<>();
  private URI deviceBroker;

  /** Starts what the mode needs before the edge (external: the broker), with or without credentials. */
  abstract void startBroker(boolean credentials);

  /** The edge's mqtt.* settings for this mode. */
  abstract List<String> edgeSets(boolean credentials);

  abstract void stopBroker();

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
    hub.cloud.onUpstream((node, envelope) -> atCloud.put(envelope.getRoute().getResource(), envelope));
  }

  @AfterEach
  void stopAll() {
    if (edge != null) {
      edge.stop().await();
    }
    hub.close();
    stopBroker();
  }

  void startEdge(boolean credentials) {
    edge = hub.startEdge("edge-1", edgeSets(credentials));
    Poll.until(Duration.ofSeconds(20), "edge-1 linked", () -> edge.link().isPresent());
    deviceBroker = URI.create(edge.endpoints().getString("mqtt"));
    awaitDoorsSubscribed();
  }

  /** Until a device's publish reaches the edge's doors (external: the edge subscribed at the broker). */
  void awaitDoorsSubscribed() {
  }

  /** The broker the edge names in endpoints.json (kept: device apps use it while the edge is stopped, too). */
  URI brokerUri() {
    return deviceBroker;
  }

  MqttClient device(String id, boolean credentials) {
    MqttClientOptions options = new MqttClientOptions().setClientId(id);
    if (credentials) {
      options.setUsername(USER).setPassword(PASSWORD);
    }
    MqttClient device = MqttClient.create(hub.vertx, options);
    device.connect(brokerUri().getPort(), brokerUri().getHost()).await();
    return device;
  }

  @Test
  void qos1UploadsAreAcknowledgedAndArriveAtTheCloudAndOtherTopicsStay() {
    startBroker(false);
    startEdge(false);
    MqttClient device = device("thermo-1", false);
    device.publish("$hw/events/upload/x", Buffer.buffer("{\"t\":21.5}"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.publish("a/user/b", Buffer.buffer("overheat"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.publish("plant/temperature", Buffer.buffer("not an upload"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.publish("$hw/events/upload/last", Buffer.buffer("end"), MqttQoS.AT_LEAST_ONCE, false, false).await();

    Poll.until(Duration.ofSeconds(15), "the uploads arrived", () -> atCloud.keySet().containsAll(
        List.of("$hw/events/upload/x", "a/user/b", "$hw/events/upload/last")));
    Envelope upload = atCloud.get("$hw/events/upload/x");
    assertEquals("bus", upload.getRoute().getSource());
    assertEquals("user", upload.getRoute().getGroup());
    assertEquals("upload", upload.getRoute().getOperation());
    assertEquals("{\"t\":21.5}", upload.getContent().toStringUtf8());
    assertEquals("overheat", atCloud.get("a/user/b").getContent().toStringUtf8());
    // published before the last upload, which arrived: it would have been here too
    assertFalse(atCloud.containsKey("plant/temperature"), "only the upload topics go to the cloud");
    device.disconnect().await();
  }

  @Test
  void theHubsPublishesReachAnIndependentMosquittoSub() throws Exception {
    startBroker(false);
    startEdge(false);
    List<String> lines = mosquittoSub(brokerUri().getPort(), "$hw/events/device/#", 2, List.of(), () -> {
      edge.mqtt().publish("$hw/events/device/default/pump-1/twin/update/delta", Buffer.buffer("{\"delta\":1}"),
          MqttQoS.AT_LEAST_ONCE, false).await();
      edge.mqtt().publish("$hw/events/device/default/pump-1/twin/update/result", Buffer.buffer("ok"),
          MqttQoS.AT_MOST_ONCE, false).await();
    });
    assertEquals(List.of("$hw/events/device/default/pump-1/twin/update/delta {\"delta\":1}",
        "$hw/events/device/default/pump-1/twin/update/result ok"), lines);
  }

  @Test
  void withCredentialsOnlyClientsThatPresentThemGetIn() {
    startBroker(true);
    startEdge(true);
    assertThrows(Throwable.class, () -> device("intruder", false));
    MqttClient device = device("thermo-1", true);
    device.publish("$hw/events/upload/secure", Buffer.buffer("ok"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(Duration.ofSeconds(15), "the upload arrived", () -> atCloud.containsKey("$hw/events/upload/secure"));
    device.disconnect().await();
  }

  /**
   * Runs {@code mosquitto_sub -C count -v} on 127.0.0.1:port until it has {@code count}
   * messages; {@code whenSubscribed} runs once the broker acknowledged its subscription.
   */
  static List<String> mosquittoSub(int port, String topic, int count, List<String> moreArguments, Runnable whenSubscribed)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
        String.valueOf(port), "-t", topic, "-q", "1", "-C", String.valueOf(count), "-v", "-d"));
    command.addAll(moreArguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }, "mosquitto_sub-output");
    reader.setDaemon(true);
    reader.start();
    try {
      for (String line = lines.poll(20, TimeUnit.SECONDS); ; line = lines.poll(20, TimeUnit.SECONDS)) {
        assertNotNull(line, "mosquitto_sub did not subscribe");
        if (line.startsWith("Subscribed (mid:")) {
          break;
        }
      }
      whenSubscribed.run();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError("mosquitto_sub did not get " + count + " messages: " + lines);
      }
      reader.join(5_000);
      return lines.stream().filter(line -> !line.startsWith("Client ") && !line.startsWith("Subscribed")).toList();
    } finally {
      process.destroyForcibly();
    }
  }

  static boolean installed(String program) {
    return Files.isExecutable(Path.of(program));
  }
}
