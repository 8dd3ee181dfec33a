package io.vertedge.runtime;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A device app on the edge's broker, as KubeEdge's are: a real MQTT client (Vert.x MqttClient
 * over TCP) that publishes on {@code $hw/events/...} and records what the hub publishes there.
 */
final class DeviceApp implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final MqttClient client;
  private final Map<String, List<JsonObject>> received = new ConcurrentHashMap<>();
  private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

  private DeviceApp(MqttClient client) {
    this.client = client;
  }

  /** Connects to 127.0.0.1:port and subscribes (QoS 1) to everything the hub answers on. */
  static DeviceApp connect(Vertx vertx, int port, String clientId) {
    DeviceApp app = new DeviceApp(MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId)));
    app.client.publishCompletionHandler(app.acknowledged::add);
    app.client.publishHandler(message -> {
      // its own requests come back too (it subscribes to #), some of them deliberately not JSON
      try {
        if (message.payload().toJsonValue() instanceof JsonObject json) {
          app.received.computeIfAbsent(message.topicName(), topic -> new CopyOnWriteArrayList<>()).add(json);
        }
      } catch (DecodeException notJson) {
        // one of its own malformed requests
      }
    });
    app.client.connect(port, "127.0.0.1").await();
    app.client.subscribe(Map.of("$hw/events/device/#", 1, "$hw/events/node/#", 1)).await();
    return app;
  }

  /** Connects as soon as a broker listens on the port (while an edge is starting). */
  static DeviceApp connectOnceUp(Vertx vertx, int port, String clientId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return connect(vertx, port, clientId);
      } catch (Exception notYet) { // await() rethrows the connect's own ConnectException
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no broker on port " + port, notYet);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Publishes with QoS 1; returns once the hub acknowledged it (PUBACK). */
  void publish(String topic, String payload) {
    // the publish future completes once the packet is sent; the PUBACK comes to the completion handler
    int packetId = client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false).await();
    Poll.until(WAIT, "the PUBACK for " + topic, () -> acknowledged.remove(packetId));
  }

  /** Publishes a request and waits for its answer (same {@code event_id}) on {@code resultTopic}. */
  JsonObject publishAndAnswer(String topic, String payload, String resultTopic, String eventId) {
    publish(topic, payload);
    return answer(resultTopic, eventId);
  }

  List<JsonObject> on(String topic) {
    return received.getOrDefault(topic, List.of());
  }

  /** Waits for a message on {@code topic} that {@code wanted} accepts, and returns it. */
  JsonObject await(String topic, String what, Predicate<JsonObject> wanted) {
    Poll.until(WAIT, what, () -> on(topic).stream().anyMatch(wanted));
    return on(topic).stream().filter(wanted).findFirst().orElseThrow();
  }

  /** The answer to the request with {@code eventId}, on {@code topic}. */
  JsonObject answer(String topic, String eventId) {
    return await(topic, "an answer to " + eventId + " on " + topic, json -> eventId.equals(json.getString("event_id")));
  }

  Optional<JsonObject> last(String topic) {
    List<JsonObject> messages = on(topic);
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
  }

  @Override
  public void close() {
    if (client.isConnected()) {
      client.disconnect().await();
    }
  }
}
