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

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A device publishes on the edge's embedded broker; uploads reach the cloud, acknowledged once durable. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttUploadTest {

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private final Map<String, Envelope> atCloud = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    hub = new HubFixture(dir);
    hub.cloud.onUpstream((node, envelope) -> atCloud.put(envelope.getRoute().getResource(), envelope));
    edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 linked", () -> edge.link().isPresent());
  }

  @AfterEach
  void stop() {
    edge.stop().await();
    hub.close();
  }

  @Test
  void uploadsPublishedWithQos1AreAcknowledgedAndArriveAtTheCloudAsKubeEdgeUploads() {
    URI broker = URI.create(edge.endpoints().getString("mqtt"));
    MqttClient device = MqttClient.create(hub.vertx, new MqttClientOptions().setClientId("thermo-1"));
    device.connect(broker.getPort(), broker.getHost()).await();

    // the futures complete on PUBACK, which the door sends once the event is durable
    device.publish("$hw/events/upload/thermo-1", Buffer.buffer("{\"t\":21.5}"), MqttQoS.AT_LEAST_ONCE, false, false)
        .await();
    device.publish("pump-1/user/alarm", Buffer.buffer("overheat"), MqttQoS.AT_LEAST_ONCE, false, false).await();
    device.publish("SYS/dis/upload_records", Buffer.buffer("r1"), MqttQoS.AT_MOST_ONCE, false, false).await();
    device.publish("plant/temperature", Buffer.buffer("not an upload"), MqttQoS.AT_LEAST_ONCE, false, false).await();

    Poll.until(Duration.ofSeconds(10), "the uploads arrived", () -> atCloud.keySet().containsAll(
        List.of("$hw/events/upload/thermo-1", "pump-1/user/alarm", "SYS/dis/upload_records")));
    Envelope upload = atCloud.get("$hw/events/upload/thermo-1");
    assertEquals("bus", upload.getRoute().getSource());
    assertEquals("user", upload.getRoute().getGroup());
    assertEquals("upload", upload.getRoute().getOperation());
    assertEquals("{\"t\":21.5}", upload.getContent().toStringUtf8());
    assertEquals("overheat", atCloud.get("pump-1/user/alarm").getContent().toStringUtf8());
    assertFalse(atCloud.containsKey("plant/temperature"), "only the upload topics go to the cloud");
    device.disconnect().await();
  }
}
