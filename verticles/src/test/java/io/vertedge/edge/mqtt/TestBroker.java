package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.otel.Telemetry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttConnAckMessage;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * A broker on a free port with its own metrics, and Vert.x MQTT 3.1.1 clients of it, in a Vert.x
 * of one event loop. With several, Netty 4.2's adaptive allocator sometimes parks one loop for
 * an instant on a magazine lock another loop holds ({@code StampedLock} in
 * {@code AdaptivePoolingAllocator$MagazineGroup.tryExpandMagazines}); BlockHound then fails the
 * loop's read and the connection dies. That is a false positive of the test set-up, not of the
 * broker, which runs on one loop anyway.
 */
final class TestBroker implements AutoCloseable {

  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  final Telemetry telemetry = Telemetry.create("vertedge-edge", "0.1.0", Map.of());
  final MqttBroker broker;
  private final List<MqttClient> clients = new ArrayList<>();

  private TestBroker(BrokerConfig config) {
    this.broker = new MqttBroker(config, telemetry.meter("io.vertedge.mqtt"));
  }

  static TestBroker start(BrokerConfig config) {
    return created(config).deploy();
  }

  /** A broker on a free port, not deployed yet. */
  static TestBroker created(BrokerConfig config) {
    return new TestBroker(config.withPort(0));
  }

  TestBroker deploy() {
    vertx.deployVerticle(broker).await();
    return this;
  }

  static TestBroker start(BrokerLimits limits) {
    return start(BrokerConfig.defaults().withLimits(limits));
  }

  static TestBroker start() {
    return start(BrokerConfig.defaults());
  }

  int port() {
    return broker.actualPort();
  }

  /** A connected client with a clean session. */
  MqttClient client(String clientId) {
    return client(new MqttClientOptions().setClientId(clientId));
  }

  MqttClient client(MqttClientOptions options) {
    MqttClient client = MqttClient.create(vertx, options);
    client.connect(port(), "127.0.0.1").await();
    clients.add(client);
    return client;
  }

  /** A client that is not connected yet (for refusals and handlers set before connecting). */
  MqttClient unconnected(MqttClientOptions options) {
    MqttClient client = MqttClient.create(vertx, options);
    clients.add(client);
    return client;
  }

  /** A connected client subscribed to {@code filter}, whose messages land in the inbox. */
  Inbox subscriber(String clientId, String filter, MqttQoS qos) {
    return subscriber(new MqttClientOptions().setClientId(clientId), filter, qos);
  }

  /** Connects, subscribes and waits for the SUBACK. */
  Inbox subscriber(MqttClientOptions options, String filter, MqttQoS qos) {
    Inbox inbox = new Inbox();
    MqttClient client = MqttClient.create(vertx, options);
    client.publishHandler(inbox::add);
    client.connect(port(), "127.0.0.1").await();
    clients.add(client);
    inbox.client = client;
    inbox.grantedQos = subscribe(client, filter, qos);
    return inbox;
  }

  /** Connects without subscribing (a persistent session comes back with its subscriptions). */
  Inbox reconnect(MqttClientOptions options) {
    Inbox inbox = new Inbox();
    MqttClient client = MqttClient.create(vertx, options);
    client.publishHandler(inbox::add);
    inbox.connAck = client.connect(port(), "127.0.0.1").await();
    clients.add(client);
    inbox.client = client;
    return inbox;
  }

  /** Subscribes and returns the QoS the SUBACK granted (0x80 for a refusal). */
  static int subscribe(MqttClient client, String filter, MqttQoS qos) {
    Promise<Integer> subAck = Promise.promise();
    client.subscribeCompletionHandler(ack -> subAck.tryComplete(ack.grantedQoSLevels().get(0)));
    client.subscribe(filter, qos.value()).await();
    return subAck.future().await();
  }

  /**
   * The value of one Prometheus series, e.g. {@code vertedge_mqtt_messages_dropped_total{reason="queue_full"}};
   * 0 when absent.
   */
  long metric(String series) {
    for (String line : telemetry.scrape().split("\n")) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  String scrape() {
    return telemetry.scrape();
  }

  @Override
  public void close() {
    for (MqttClient client : clients) {
      if (client.isConnected()) {
        client.disconnect();
      }
    }
    vertx.close().await();
    telemetry.close();
  }

  static Buffer text(String value) {
    return Buffer.buffer(value);
  }

  /** Messages a Vert.x client received, fed from its event loop. */
  static final class Inbox {
    // a LinkedBlockingQueue would park the event loop while the test thread polls (BlockHound)
    private final LinkedTransferQueue<MqttPublishMessage> messages = new LinkedTransferQueue<>();
    MqttClient client;
    int grantedQos;
    MqttConnAckMessage connAck;

    void add(MqttPublishMessage message) {
      messages.add(message);
    }

    MqttPublishMessage next() {
      try {
        MqttPublishMessage message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
          throw new AssertionError("no message within 10 s");
        }
        return message;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** The payloads of the next {@code count} messages, as text. */
    List<String> next(int count) {
      List<String> payloads = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        payloads.add(next().payload().toString());
      }
      return payloads;
    }

    boolean isEmpty() {
      return messages.isEmpty();
    }

    int size() {
      return messages.size();
    }
  }
}
